package dev.bitnet.perf.junit;

import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.pipeline.Evaluation;
import dev.bitnet.perf.pipeline.Pipeline;
import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.record.PerfRecords;
import dev.bitnet.perf.record.RecordFiles;
import dev.bitnet.perf.record.RecordJson;
import dev.bitnet.perf.record.RecordListener;
import dev.bitnet.perf.sample.MeasuredCodeException;
import dev.bitnet.perf.sample.PerformanceTimeoutException;
import dev.bitnet.perf.sample.Position;
import dev.bitnet.perf.sample.Runner;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.sample.Workload;
import dev.bitnet.perf.threshold.Threshold;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Outcome;
import dev.bitnet.perf.verdict.Status;
import dev.bitnet.perf.verdict.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit Jupiter extension behind {@link PerformanceTest @PerformanceTest} and
 * {@link dev.bitnet.perf.Performance @Performance}; registered by those annotations, never by
 * hand.
 *
 * <p>How a test is repeated: the extension intercepts the test method (or each invocation of a
 * test template such as {@code @ParameterizedTest}). With a {@link Measure} parameter the method
 * runs once and {@code Measure.run(..)} repeats only the region. Without one, the extension invokes
 * the method reflectively {@code warmup + iterations} times (times {@code threads}) on the same
 * instance with the same arguments and then skips JUnit's own invocation; {@code @BeforeEach} and
 * {@code @AfterEach} therefore run once per test (or invocation), around all iterations. Either way
 * each test or invocation gets its own plan, samples, verdict, record and report entries, and
 * appears once in IDEs and Surefire.
 *
 * <p>State: none in this object (Jupiter shares extension instances). Per-run configuration, the
 * pipeline and the runner live in the root store; each test's {@link MeasureSession} in the store
 * of its own extension context, so parallel execution cannot mix samples.
 *
 * @since 0.1
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PerformanceExtension implements ExecutionCondition, ParameterResolver, InvocationInterceptor {

    private static final Namespace NAMESPACE = Namespace.create(PerformanceExtension.class);
    private static final String CONFIGURATION_KEY = "configuration";
    private static final String PIPELINE_KEY = "pipeline";
    private static final String RUNNER_KEY = "runner";
    private static final String SESSION_KEY = "measure-session";

    /** Guards the first computation of root-store values (portable across Jupiter 5 and 6). */
    private static final Object ROOT_STORE_LOCK = new Object();

    // ---------------------------------------------------------------------------------------------
    // perf.enabled

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!PlanResolver.isPerformanceTest(context)) {
            return ConditionEvaluationResult.enabled("not a performance test");
        }
        if (!configuration(context).enabled()) {
            return ConditionEvaluationResult.disabled("Performance tests are turned off by the configuration parameter '"
                    + PerformanceTest.ENABLED_KEY + "=false'.");
        }
        return ConditionEvaluationResult.enabled("performance tests are enabled");
    }

    // ---------------------------------------------------------------------------------------------
    // Measure parameter

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Measure.class
                && extensionContext.getTestMethod().map(m -> m.equals(parameterContext.getDeclaringExecutable()))
                        .orElse(false)
                && PlanResolver.isPerformanceTest(extensionContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
        if (store.get(SESSION_KEY, MeasureSession.class) != null) {
            throw Preconditions.error("Configuration error: performance test ["
                    + Declarations.methodSignature(extensionContext.getRequiredTestMethod())
                    + "] must declare at most one Measure parameter.");
        }
        MeasureSession session = new MeasureSession();
        store.put(SESSION_KEY, session);
        return session;
    }

    // ---------------------------------------------------------------------------------------------
    // Interception

    @Override
    public void interceptTestMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        intercept(invocation, invocationContext, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        intercept(invocation, invocationContext, extensionContext);
    }

    private void intercept(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        if (!PlanResolver.isPerformanceTest(context)) {
            invocation.proceed();
            return;
        }
        // Resolve and validate everything before running anything: configuration errors fail fast.
        RunConfiguration configuration = configuration(context);
        Plan plan = PlanResolver.resolve(context, configuration);
        List<Threshold> thresholds =
                ThresholdAnnotations.read(context.getRequiredTestMethod(), PlanResolver.classes(context));
        Pipeline pipeline = pipeline(context);
        Runner runner = runner(context);

        Instant startedAt = Instant.now();
        Samples samples;
        if (plan.mode() == Mode.REGION) {
            MeasureSession session = context.getStore(NAMESPACE).get(SESSION_KEY, MeasureSession.class);
            if (session == null) {
                throw new IllegalStateException("Illegal state: Measure parameter of " + plan.methodName() + " was not resolved");
            }
            session.prepare(plan, runner);
            try {
                invocation.proceed();
            } catch (Throwable thrown) {
                Throwable failure = session.failure();
                if (failure != null) {
                    recordError(context, configuration, pipeline, plan, thresholds, startedAt, thrown, position(failure));
                }
                throw thrown;
            }
            Samples measured = session.samples();
            if (!session.used() || measured == null) {
                throw Preconditions.error("Configuration error: performance test [" + plan.methodName()
                        + "] declares a Measure parameter but never called Measure.run(..); pass the code to time"
                        + " to Measure.run(..) or remove the parameter.");
            }
            Instant regionStart = session.startedAt();
            startedAt = regionStart == null ? startedAt : regionStart;
            samples = measured;
        } else {
            try {
                samples = runner.run(plan, wholeMethod(invocationContext));
            } catch (MeasuredCodeException e) {
                Throwable original = e.getCause() == null ? e : e.getCause();
                original.addSuppressed(new IterationNote(e.getMessage()));
                recordError(context, configuration, pipeline, plan, thresholds, startedAt, original, e.position());
                throw original;
            } catch (PerformanceTimeoutException e) {
                recordError(context, configuration, pipeline, plan, thresholds, startedAt, e, e.position());
                throw e;
            } finally {
                invocation.skip();
            }
        }

        Evaluation evaluation = pipeline.evaluate(plan, samples, thresholds);
        Verdict verdict = evaluation.verdict();
        PerfRecord record = PerfRecords.of(plan, startedAt, Instant.now(), pipeline.environment(), samples,
                evaluation.evidence().summaries(), evaluation.evidence().thresholds(), verdict, null);
        Path file = write(configuration, pipeline, plan, record);
        publish(context, configuration, plan, ReportEntries.of(evaluation.evidence(), verdict, file));
        if (!verdict.passed()) {
            throw new AssertionFailedError(verdict.failureMessage(plan.methodName()));
        }
    }

    /** Calls the test method itself, on the same instance and with the same arguments, once per call. */
    private static Workload wholeMethod(ReflectiveInvocationContext<Method> invocationContext) {
        Method method = invocationContext.getExecutable();
        Object target = invocationContext.getTarget().orElse(null);
        Object[] arguments = invocationContext.getArguments().toArray();
        method.setAccessible(true);
        return () -> {
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause() == null ? e : e.getCause();
            }
        };
    }

    private static @Nullable Position position(Throwable failure) {
        if (failure instanceof MeasuredCodeException measured) {
            return measured.position();
        }
        if (failure instanceof PerformanceTimeoutException timeout) {
            return timeout.position();
        }
        return null;
    }

    private static void recordError(
            ExtensionContext context,
            RunConfiguration configuration,
            Pipeline pipeline,
            Plan plan,
            List<Threshold> thresholds,
            Instant startedAt,
            Throwable thrown,
            @Nullable Position position) {
        String message = thrown instanceof PerformanceTimeoutException
                ? String.valueOf(thrown.getMessage())
                : plan.methodName() + " threw " + thrown.getClass().getName()
                        + (position == null ? "" : " in " + position.describe());
        Verdict verdict = new Verdict(Outcome.ERRORED,
                List.of(new Finding("error", Status.FAILED, null, message, Map.of())));
        PerfRecord record = PerfRecords.of(plan, startedAt, Instant.now(), pipeline.environment(),
                new Samples(List.of()), Map.of(), thresholds, verdict, PerfRecords.error(thrown, position));
        try {
            Path file = write(configuration, pipeline, plan, record);
            publish(context, configuration, plan,
                    List.of(Map.of("perf.verdict", Outcome.ERRORED.name(), "perf.record", file.toString())));
        } catch (RuntimeException e) {
            thrown.addSuppressed(e);
        }
    }

    private static void publish(
            ExtensionContext context, RunConfiguration configuration, Plan plan, List<Map<String, String>> entries) {
        for (Map<String, String> entry : entries) {
            context.publishReportEntry(entry);
        }
        if (configuration.printEntries()) {
            System.out.print(ReportEntries.asText(plan.testName(), entries));
        }
    }

    private static Path write(RunConfiguration configuration, Pipeline pipeline, Plan plan, PerfRecord record) {
        Path file = RecordFiles.fileFor(configuration.recordsDirectory(), plan.testId(), plan.className(),
                plan.methodName(), plan.displayName());
        try {
            RecordJson.write(record, file);
            for (RecordListener listener : pipeline.recordListeners()) {
                listener.recorded(record, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("record of " + plan.testName() + " could not be written to " + file, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("record listener failed for " + plan.testName() + ": " + e.getMessage(), e);
        }
        return file;
    }

    // ---------------------------------------------------------------------------------------------
    // Root store: parsed once per run

    private static RunConfiguration configuration(ExtensionContext context) {
        return rootValue(context, CONFIGURATION_KEY, RunConfiguration.class, () -> RunConfiguration.read(context));
    }

    private static Pipeline pipeline(ExtensionContext context) {
        return rootValue(context, PIPELINE_KEY, Pipeline.class, Pipeline::standard);
    }

    private static Runner runner(ExtensionContext context) {
        return rootValue(context, RUNNER_KEY, Runner.class, Runner::withSystemProbes);
    }

    /**
     * Reads a value from the root store, computing it once. Written with {@code get}/{@code put}
     * under a lock rather than {@code getOrComputeIfAbsent}, which Jupiter 6 deprecates in favour of
     * {@code computeIfAbsent} (absent from Jupiter 5.x); this works unchanged on both lines.
     */
    private static <T> T rootValue(ExtensionContext context, String key, Class<T> type, Supplier<T> factory) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        T value = store.get(key, type);
        if (value != null) {
            return value;
        }
        synchronized (ROOT_STORE_LOCK) {
            value = store.get(key, type);
            if (value == null) {
                value = factory.get();
                store.put(key, value);
            }
            return value;
        }
    }
}
