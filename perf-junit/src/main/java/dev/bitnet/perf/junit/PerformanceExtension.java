package dev.bitnet.perf.junit;

import dev.bitnet.perf.Measure;
import dev.bitnet.perf.baseline.ExtraRounds;
import dev.bitnet.perf.diagnosis.Diagnosis;
import dev.bitnet.perf.env.CpuTimes;
import dev.bitnet.perf.env.OtherProcessLoad;
import dev.bitnet.perf.diagnosis.Retry;
import dev.bitnet.perf.diagnosis.RetryPolicy;
import dev.bitnet.perf.stats.Summary;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.opentest4j.TestAbortedException;
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
import java.time.Duration;
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
    private static final String RESILIENCE_KEY = "resilience";
    private static final System.Logger LOG = System.getLogger(PerformanceExtension.class.getName());
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
        RetryPolicy retryPolicy = Resilience.retryPolicy(context);
        Pipeline pipeline = pipeline(context);
        Runner runner = runner(context);
        Resilience resilience = resilience(context);
        List<Retry> retries = new ArrayList<>();
        LOG.log(Level.DEBUG, () -> "plan resolved for " + plan.testName() + ": " + plan);

        Instant startedAt = Instant.now();
        Samples samples;
        // CPU counters around the measured rounds: did other processes compete with the test?
        @Nullable CpuTimes cpuAtStart;
        @Nullable CpuTimes cpuAtEnd;
        if (plan.mode() == Mode.REGION) {
            MeasureSession session = context.getStore(NAMESPACE).get(SESSION_KEY, MeasureSession.class);
            if (session == null) {
                throw new IllegalStateException("Illegal state: Measure parameter of " + plan.methodName() + " was not resolved");
            }
            session.prepare(plan, runner, resilience, retryPolicy, retries, pipeline.checks(),
                    context::getConfigurationParameter);
            try {
                invocation.proceed();
            } catch (Throwable thrown) {
                if (thrown instanceof ExtensionConfigurationException || thrown instanceof TestAbortedException) {
                    throw thrown;
                }
                Throwable failure = session.failure();
                Position position = failure == null ? null : position(failure);
                Diagnosis diagnosis = resilience.diagnoseThrown(plan, thrown, position, session.used(), retries);
                // a failure in the measured code or in the set-up before it gets a record; the test's own
                // checks after the region do not (they are not about performance)
                if (failure != null || !session.used() || thrown instanceof OutOfMemoryError) {
                    recordError(context, configuration, pipeline, plan, thresholds, startedAt, thrown, position, diagnosis, retries);
                }
                throw Resilience.surface(plan, thrown, diagnosis);
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
            cpuAtStart = session.cpuAtStart();
            cpuAtEnd = session.cpuAtEnd();
        } else {
            try {
                Workload workload = wholeMethod(invocationContext);
                cpuAtStart = CpuTimes.now();
                long firstRoundStart = System.nanoTime();
                samples = resilience.run(runner, plan, workload, retryPolicy, retries);
                // perf-baseline: adaptive sampling and re-measurement need the workload while it can still run
                samples = ExtraRounds.afterFirstRound(pipeline.checks(), plan, samples,
                        Duration.ofNanos(System.nanoTime() - firstRoundStart),
                        more -> resilience.run(runner, more, workload, retryPolicy, retries),
                        context::getConfigurationParameter);
                cpuAtEnd = CpuTimes.now();
            } catch (MeasuredCodeException e) {
                Throwable original = e.getCause() == null ? e : e.getCause();
                original.addSuppressed(new IterationNote(e.getMessage()));
                Diagnosis diagnosis = resilience.diagnoseThrown(plan, original, e.position(), true, retries);
                recordError(context, configuration, pipeline, plan, thresholds, startedAt, original, e.position(), diagnosis, retries);
                throw Resilience.surface(plan, original, diagnosis);
            } catch (PerformanceTimeoutException e) {
                Diagnosis diagnosis = resilience.diagnoseThrown(plan, e, e.position(), true, retries);
                recordError(context, configuration, pipeline, plan, thresholds, startedAt, e, e.position(), diagnosis, retries);
                throw Resilience.surface(plan, e, diagnosis);
            } catch (OutOfMemoryError e) {
                // thrown by the runner itself rather than the measured code; JUnit would abort the run on it
                Diagnosis diagnosis = resilience.diagnoseThrown(plan, e, null, true, retries);
                recordError(context, configuration, pipeline, plan, thresholds, startedAt, e, null, diagnosis, retries);
                throw Resilience.surface(plan, e, diagnosis);
            } finally {
                invocation.skip();
            }
        }

        OtherProcessLoad duringTest = cpuAtStart == null || cpuAtEnd == null
                ? OtherProcessLoad.unknown("CPU counters not read around the measured rounds",
                        OtherProcessLoad.limitFrom(context::getConfigurationParameter))
                : OtherProcessLoad.between(cpuAtStart, cpuAtEnd, OtherProcessLoad.limitFrom(context::getConfigurationParameter));
        LOG.log(Level.DEBUG, () -> "CPU use of other processes during " + plan.testName() + ": " + duringTest.describe());
        Evaluation evaluation = pipeline.evaluate(plan, samples, thresholds,
                Map.of(OtherProcessLoad.ENVIRONMENT_KEY, duringTest.toMap()));
        Verdict verdict = evaluation.verdict();
        LOG.log(Level.DEBUG, () -> "thresholds derived for " + plan.testName() + ": " + evaluation.evidence().thresholds());
        LOG.log(Level.DEBUG, () -> "verdict of " + plan.testName() + ": " + verdict.outcome() + " " + verdict.findings());
        Map<String, Summary> summaries = new LinkedHashMap<>();
        evaluation.evidence().summaries().forEach((metric, summary) -> summaries.put(metric.canonicalName(), summary));
        Diagnosis diagnosis = verdict.passed() ? null : resilience.diagnoseVerdict(plan, verdict, summaries, retries, duringTest);
        PerfRecord record = PerfRecords.of(plan, startedAt, Instant.now(), evaluation.evidence().environment(), samples,
                evaluation.evidence().summaries(), evaluation.evidence().thresholds(), verdict, null)
                .withDiagnosis(diagnosis, retries);
        Path file = write(configuration, pipeline, plan, record);
        publish(context, configuration, plan, ReportEntries.of(evaluation.evidence(), verdict, file));
        publishResilienceEntries(context, diagnosis, retries);
        if (diagnosis != null) {
            throw new AssertionFailedError(Resilience.failureMessage(plan, verdict, diagnosis));
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

    /** Publishes the diagnosis type and the retries, when there are any, as report entries. */
    private static void publishResilienceEntries(ExtensionContext context, @Nullable Diagnosis diagnosis, List<Retry> retries) {
        Map<String, String> entry = new LinkedHashMap<>();
        if (diagnosis != null) {
            entry.put("perf.diagnosis", diagnosis.type().name());
        }
        if (!retries.isEmpty()) {
            entry.put("perf.retries", Integer.toString(retries.size()));
        }
        if (!entry.isEmpty()) {
            context.publishReportEntry(entry);
        }
    }

    private static void recordError(
            ExtensionContext context,
            RunConfiguration configuration,
            Pipeline pipeline,
            Plan plan,
            List<Threshold> thresholds,
            Instant startedAt,
            Throwable thrown,
            @Nullable Position position,
            Diagnosis diagnosis,
            List<Retry> retries) {
        String message = thrown instanceof PerformanceTimeoutException
                ? String.valueOf(thrown.getMessage())
                : plan.methodName() + " threw " + thrown.getClass().getName()
                        + (position == null ? "" : " in " + position.describe());
        Verdict verdict = new Verdict(Outcome.ERRORED,
                List.of(new Finding("error", Status.FAILED, null, message, Map.of())));
        PerfRecord record = PerfRecords.of(plan, startedAt, Instant.now(), pipeline.environment(),
                new Samples(List.of()), Map.of(), thresholds, verdict, PerfRecords.error(thrown, position))
                .withDiagnosis(diagnosis, retries);
        try {
            Path file = write(configuration, pipeline, plan, record);
            publish(context, configuration, plan,
                    List.of(Map.of("perf.verdict", Outcome.ERRORED.name(), "perf.record", file.toString())));
            publishResilienceEntries(context, diagnosis, retries);
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

    private static Resilience resilience(ExtensionContext context) {
        return rootValue(context, RESILIENCE_KEY, Resilience.class, () -> Resilience.read(context));
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
