package dev.bitnet.perf.junit;

import dev.bitnet.perf.RetryOn;
import dev.bitnet.perf.diagnosis.Diagnosis;
import dev.bitnet.perf.diagnosis.DiagnosisClassifier;
import dev.bitnet.perf.diagnosis.DiagnosisSettings;
import dev.bitnet.perf.diagnosis.DiagnosisType;
import dev.bitnet.perf.diagnosis.EnvironmentFacts;
import dev.bitnet.perf.diagnosis.FailureContext;
import dev.bitnet.perf.diagnosis.MetricSpread;
import dev.bitnet.perf.diagnosis.Retry;
import dev.bitnet.perf.diagnosis.RetryPolicy;
import dev.bitnet.perf.env.OtherProcessLoad;
import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.report.ProgressReporter;
import dev.bitnet.perf.sample.IterationListener;
import dev.bitnet.perf.sample.MeasuredCodeException;
import dev.bitnet.perf.sample.PerformanceTimeoutException;
import dev.bitnet.perf.sample.Phase;
import dev.bitnet.perf.sample.Position;
import dev.bitnet.perf.sample.Runner;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.sample.Workload;
import dev.bitnet.perf.stats.Summary;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.Status;
import dev.bitnet.perf.verdict.Verdict;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The resilience of a performance run: retries of failures the test declared transient
 * ({@link RetryOn @RetryOn}), progress lines for long tests, and a {@link Diagnosis} for every
 * failure, attached to what the test throws. An {@link OutOfMemoryError} is turned into an
 * assertion failure that carries it as its cause, because JUnit treats a thrown
 * {@code OutOfMemoryError} as unrecoverable and would abort the whole run; the memory the test
 * held is unreachable by then, so the next test runs normally.
 *
 * <p>One instance per run (root store); it holds no per-test state.
 *
 * @since 0.1
 */
final class Resilience {
    private static final System.Logger LOG = System.getLogger(Resilience.class.getName());

    private final DiagnosisClassifier classifier;
    private final ProgressReporter progress;

    Resilience(DiagnosisClassifier classifier, ProgressReporter progress) {
        this.classifier = classifier;
        this.progress = progress;
    }

    static Resilience read(ExtensionContext context) {
        return new Resilience(new DiagnosisClassifier(DiagnosisSettings.from(context::getConfigurationParameter)),
                ProgressReporter.fromConfiguration(context::getConfigurationParameter));
    }

    // ---- @RetryOn -------------------------------------------------------------------------------

    /** The retry policy of a test: its method's {@code @RetryOn}, else its classes', else none. Validated. */
    static RetryPolicy retryPolicy(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Optional<RetryOn> annotation = AnnotationSupport.findAnnotation(method, RetryOn.class);
        if (annotation.isEmpty()) {
            for (Class<?> type : PlanResolver.classes(context)) {
                annotation = AnnotationSupport.findAnnotation(type, RetryOn.class);
                if (annotation.isPresent()) {
                    break;
                }
            }
        }
        if (annotation.isEmpty()) {
            return RetryPolicy.NONE;
        }
        RetryOn retryOn = annotation.get();
        String where = "@" + RetryOn.class.getSimpleName() + " on method [" + Declarations.methodSignature(method) + "]";
        Preconditions.condition(retryOn.maxRetries() >= 1, () -> "Configuration error: " + where
                + " must declare 'maxRetries' of one or more but was [" + retryOn.maxRetries() + "].");
        Preconditions.condition(retryOn.value().length > 0, () -> "Configuration error: " + where
                + " must declare at least one exception type in 'value'.");
        for (Class<? extends Throwable> type : retryOn.value()) {
            Preconditions.condition(!AssertionError.class.isAssignableFrom(type) && !VirtualMachineError.class.isAssignableFrom(type),
                    () -> "Configuration error: " + where + " must not declare [" + type.getName()
                            + "] transient: assertion failures and virtual machine errors are never retried.");
        }
        return new RetryPolicy(Arrays.asList(retryOn.value()), retryOn.maxRetries());
    }

    // ---- running with retries and progress ----------------------------------------------------------

    /**
     * Runs the plan, again from its first warm-up iteration after each failure of a type the test
     * declared transient, at most {@code policy.maxRetries()} times; each retry is added to
     * {@code retries} and printed. Any other failure, and the last transient one, is thrown.
     */
    Samples run(Runner runner, Plan plan, Workload workload, RetryPolicy policy, List<Retry> retries)
            throws MeasuredCodeException, PerformanceTimeoutException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            ProgressReporter.Progress lines = progress.start(plan.testName(), plan.warmup(), plan.iterations());
            IterationListener listener = progress.enabled() ? (phase, iteration, of) -> {
                if (phase == Phase.WARMUP) {
                    lines.warmupDone(iteration);
                } else {
                    lines.sampleDone(iteration);
                }
            } : IterationListener.NONE;
            try {
                Samples samples = runner.run(plan, workload, listener);
                int attempts = attempt;
                LOG.log(Level.DEBUG, () -> plan.testName() + ": " + samples.size() + " samples added after " + attempts
                        + (attempts == 1 ? " attempt" : " attempts"));
                return samples;
            } catch (MeasuredCodeException e) {
                Throwable original = e.getCause() == null ? e : e.getCause();
                if (policy.retryableType(original, attempt).isEmpty()) {
                    throw e;
                }
                Retry retry = new Retry(attempt, original.getClass().getName(), String.valueOf(original.getMessage()),
                        e.position().describe());
                retries.add(retry);
                String line = "[perf] " + plan.testName() + ": attempt " + attempt + " failed with " + retry.exceptionType()
                        + " (" + retry.message() + ") in " + retry.position() + ", declared transient by @RetryOn; retry "
                        + attempt + " of " + policy.maxRetries();
                System.out.println(line);
                LOG.log(Level.DEBUG, line);
            }
        }
    }

    // ---- diagnoses ------------------------------------------------------------------------------

    /**
     * Diagnoses a failure thrown by a performance test.
     *
     * @param position      where the runner was, {@code null} when the failure came from outside the measured code
     * @param regionStarted whether a {@code Measure} region had started (a failure in set-up before it is a load failure)
     */
    Diagnosis diagnoseThrown(Plan plan, Throwable original, @Nullable Position position, boolean regionStarted,
            List<Retry> retries) {
        FailureContext context = FailureContext.of(plan.testName());
        if (position != null) {
            context = context.inPhase(position.phase() == Phase.WARMUP ? FailureContext.Phase.WARMUP
                    : FailureContext.Phase.MEASUREMENT, position.iteration(), position.iterationsInPhase());
        } else if (plan.mode() == Mode.REGION && !regionStarted) {
            // the test's own set-up runs before Measure.run(..): that is where models and inputs are loaded
            context = context.inPhase(FailureContext.Phase.MODEL_LOAD, 0, 0);
        }
        if (plan.timeout() != null) {
            context = context.withTimeout(plan.timeout(), original instanceof PerformanceTimeoutException);
        }
        Diagnosis diagnosis = classifier.classify(original, context, EnvironmentFacts.current());
        return withRetries(diagnosis, retries);
    }

    /** Diagnoses a failing verdict: a missed threshold or a regression, refined by the environment and the spread. */
    Diagnosis diagnoseVerdict(Plan plan, Verdict verdict, Map<String, Summary> summaries, List<Retry> retries,
            OtherProcessLoad duringTest) {
        boolean thresholdMissed = verdict.findings().stream()
                .anyMatch(f -> f.status() == Status.FAILED && f.check().equals("threshold"));
        List<MetricSpread> spreads = new ArrayList<>();
        summaries.forEach((metric, summary) -> spreads.add(new MetricSpread(metric, 100 * summary.coefficientOfVariation(), summary.n())));
        StringBuilder text = new StringBuilder();
        for (Finding f : verdict.findings()) {
            if (f.status() == Status.FAILED) {
                text.append(text.length() == 0 ? "" : " ").append(f.message());
            }
        }
        Diagnosis diagnosis = classifier.verdictFailure(thresholdMissed ? DiagnosisType.THRESHOLD_MISSED : DiagnosisType.REGRESSION,
                plan.testName(), text.toString(), spreads, EnvironmentFacts.current().withOtherProcesses(duringTest), false);
        return withRetries(diagnosis, retries);
    }

    private static Diagnosis withRetries(Diagnosis diagnosis, List<Retry> retries) {
        if (retries.isEmpty()) {
            return diagnosis;
        }
        StringBuilder details = new StringBuilder(diagnosis.details());
        details.append(details.length() == 0 ? "" : "; ").append("after ").append(retries.size())
                .append(retries.size() == 1 ? " retry" : " retries").append(" (");
        for (int i = 0; i < retries.size(); i++) {
            Retry r = retries.get(i);
            details.append(i == 0 ? "" : ", ").append("attempt ").append(r.attempt()).append(": ").append(r.exceptionType())
                    .append(" in ").append(r.position());
        }
        details.append(')');
        return new Diagnosis(diagnosis.type(), diagnosis.headline(), details.toString(), diagnosis.environment(),
                diagnosis.actions(), diagnosis.exceptionType());
    }

    /**
     * What the test throws for a diagnosed failure: an {@link OutOfMemoryError} becomes an assertion
     * failure carrying it as the cause (JUnit would abort the run on the error itself); anything
     * else is thrown as it is, with the diagnosis attached as a suppressed note.
     */
    static Throwable surface(Plan plan, Throwable original, Diagnosis diagnosis) {
        if (original instanceof OutOfMemoryError) {
            return new AssertionFailedError(plan.testName() + " ran out of memory." + System.lineSeparator()
                    + diagnosis.toMessage(), original);
        }
        original.addSuppressed(new DiagnosisNote(diagnosis.toMessage()));
        return original;
    }

    /** The verdict's failure message followed by the diagnosis. */
    static String failureMessage(Plan plan, Verdict verdict, Diagnosis diagnosis) {
        return verdict.failureMessage(plan.methodName()) + System.lineSeparator() + diagnosis.toMessage();
    }

    /** Attached with {@code addSuppressed} to carry a diagnosis; has no stack trace of its own. */
    static final class DiagnosisNote extends Exception {
        private static final long serialVersionUID = 1L;

        DiagnosisNote(String message) {
            super(message, null, false, false);
        }
    }
}
