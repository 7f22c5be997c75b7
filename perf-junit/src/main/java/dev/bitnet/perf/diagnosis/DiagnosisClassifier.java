package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code DiagnosisClassifier} decides the {@link DiagnosisType} of a failed or aborted performance
 * test from exception types, their causes and measured facts; it never searches message text.
 *
 * <p>For a thrown failure the exception and its causes are examined in this order:
 * <ol>
 *   <li>an {@link OutOfMemoryError} anywhere in the chain: {@link DiagnosisType#MEMORY_EXHAUSTION};</li>
 *   <li>a class annotated {@link DiagnosedAs @DiagnosedAs}, or a class (or superclass) named in
 *       {@link DiagnosisSettings#modelLoadExceptions()} or {@link DiagnosisSettings#environmentSetupExceptions()}:
 *       that type; JUnit's {@code TestAbortedException} (a failed assumption) counts as environment set-up;</li>
 *   <li>an {@link IOException} or {@link UncheckedIOException} while the context's phase is
 *       {@link FailureContext.Phase#MODEL_LOAD}: {@link DiagnosisType#MODEL_LOAD_FAILURE};</li>
 *   <li>a {@link TimeoutException}, or the runner's timeout having fired (its interruption surfaces
 *       as {@link InterruptedException} or {@link ClosedByInterruptException}): {@link DiagnosisType#TIMEOUT};</li>
 *   <li>anything else: {@link DiagnosisType#EXECUTION_ERROR}.</li>
 * </ol>
 *
 * <p>A missed threshold or a regression is refined by the measured facts: a GPU required but
 * absent, a machine loaded by other processes while the test was measured ({@link EnvironmentFacts#loadedByOtherProcesses()})
 * or a power-saving governor make it {@link DiagnosisType#ENVIRONMENT_SETUP},
 * a coefficient of variation above the bound makes it {@link DiagnosisType#NOISY_ENVIRONMENT}.
 * Every decision is logged at {@code DEBUG}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DiagnosisClassifier {

    private static final System.Logger LOG = System.getLogger(DiagnosisClassifier.class.getName());
    private static final String TEST_ABORTED = "org.opentest4j.TestAbortedException";

    private final DiagnosisSettings settings;

    public DiagnosisClassifier(DiagnosisSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    public DiagnosisSettings settings() {
        return settings;
    }

    // ---- thrown failures ------------------------------------------------------------------------

    /** Classifies a failure thrown by a performance test. */
    public Diagnosis classify(Throwable failure, FailureContext context, EnvironmentFacts environment) {
        Objects.requireNonNull(failure, "failure must not be null");
        List<Throwable> chain = causeChain(failure);
        String where = context.whereText();
        String details = describeChain(chain) + iterationDetails(context);

        for (Throwable t : chain) {
            if (t instanceof OutOfMemoryError) {
                return decided(context, Diagnosis.of(DiagnosisType.MEMORY_EXHAUSTION, headline(t, where),
                        details + heapDetails(), environment.summary(), List.of(), t.getClass().getName()));
            }
        }
        for (Throwable t : chain) {
            Optional<DiagnosisType> declared = declaredType(t);
            if (declared.isPresent()) {
                return decided(context, Diagnosis.of(declared.get(), headline(t, where), details, environment.summary(),
                        specificActions(declared.get(), environment, false), t.getClass().getName()));
            }
        }
        if (context.phase() == FailureContext.Phase.MODEL_LOAD) {
            for (Throwable t : chain) {
                if (t instanceof IOException || t instanceof UncheckedIOException) {
                    return decided(context, Diagnosis.of(DiagnosisType.MODEL_LOAD_FAILURE, headline(t, where), details,
                            environment.summary(), List.of(), t.getClass().getName()));
                }
            }
        }
        for (Throwable t : chain) {
            boolean interruption = t instanceof InterruptedException || t instanceof ClosedByInterruptException;
            if (t instanceof TimeoutException || (interruption && context.timeoutFired())) {
                return decided(context, timeout(context, environment, t.getClass().getName(), details));
            }
        }
        if (context.timeoutFired()) {
            return decided(context, timeout(context, environment, failure.getClass().getName(), details));
        }
        Throwable root = chain.get(chain.size() - 1);
        return decided(context, Diagnosis.of(DiagnosisType.EXECUTION_ERROR, headline(failure, where), details,
                environment.summary(), List.of(), root.getClass().getName()));
    }

    /**
     * Classifies a failure known only by its exception class name and message, as a run record
     * stores it (the cause chain is gone). The class is looked up, without initialising it, to see
     * its superclasses and {@link DiagnosedAs @DiagnosedAs}; a class that cannot be loaded is judged
     * by its name alone. The same rules as {@link #classify(Throwable, FailureContext, EnvironmentFacts)} apply.
     */
    public Diagnosis classifyRecorded(String exceptionType, String message, FailureContext context, EnvironmentFacts environment) {
        Objects.requireNonNull(exceptionType, "exceptionType must not be null");
        List<String> hierarchy = new ArrayList<>();
        Optional<DiagnosisType> declared = Optional.empty();
        Class<?> type = loadQuietly(exceptionType);
        if (type != null && Throwable.class.isAssignableFrom(type)) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                hierarchy.add(c.getName());
            }
            @SuppressWarnings("unchecked")
            Class<? extends Throwable> throwableType = (Class<? extends Throwable>) type;
            declared = declaredType(throwableType);
        } else {
            hierarchy.add(exceptionType);
            declared = declaredType(exceptionType);
        }
        String simpleName = exceptionType.substring(exceptionType.lastIndexOf('.') + 1);
        String where = context.whereText();
        String headline = simpleName + (message.isBlank() ? "" : ": " + message) + (where.isEmpty() ? "" : " " + where);
        String details = "recorded exception: " + exceptionType + (message.isBlank() ? "" : ": " + message) + iterationDetails(context);
        DiagnosisType decided;
        if (hierarchy.contains(OutOfMemoryError.class.getName())) {
            decided = DiagnosisType.MEMORY_EXHAUSTION;
        } else if (declared.isPresent()) {
            decided = declared.get();
        } else if (context.phase() == FailureContext.Phase.MODEL_LOAD
                && (hierarchy.contains(IOException.class.getName()) || hierarchy.contains(UncheckedIOException.class.getName()))) {
            decided = DiagnosisType.MODEL_LOAD_FAILURE;
        } else if (hierarchy.contains(TimeoutException.class.getName()) || (context.timeoutFired()
                && (hierarchy.contains(InterruptedException.class.getName())
                        || hierarchy.contains(ClosedByInterruptException.class.getName())))) {
            return decided(context, timeout(context, environment, exceptionType, details));
        } else {
            decided = DiagnosisType.EXECUTION_ERROR;
        }
        return decided(context, Diagnosis.of(decided, headline, details, environment.summary(),
                specificActions(decided, environment, false), exceptionType));
    }

    private static @Nullable Class<?> loadQuietly(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(className, false, loader != null ? loader : DiagnosisClassifier.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null;
        }
    }

    /** Diagnoses a timeout the runner detected without an exception from the test (e.g. it stopped waiting). */
    public Diagnosis timeout(FailureContext context, EnvironmentFacts environment) {
        return decided(context, timeout(context, environment, null, iterationDetails(context).strip()));
    }

    private Diagnosis timeout(FailureContext context, EnvironmentFacts environment, @Nullable String exceptionType,
            String details) {
        String after = context.timeout() == null ? "timed out" : "timed out after " + Durations.readable(context.timeout());
        String where = context.whereText();
        String headline = context.testName() + " " + after + (where.isEmpty() ? "" : " " + where);
        List<String> actions = new ArrayList<>();
        if (context.phase() == FailureContext.Phase.MEASUREMENT && context.iterationReached() > 0
                && context.iterationsPlanned() > 0) {
            actions.add(String.format(Locale.ROOT,
                    "%d of %d measured iterations completed; lower 'iterations' to about %d or raise the timeout.",
                    context.iterationReached() - 1, context.iterationsPlanned(),
                    Math.max(1, context.iterationReached() - 1)));
        }
        actions.addAll(specificActions(DiagnosisType.TIMEOUT, environment, false));
        return Diagnosis.of(DiagnosisType.TIMEOUT, headline, details, environment.summary(), actions, exceptionType);
    }

    // ---- verdicts and measured facts --------------------------------------------------------------

    /**
     * Diagnoses a failing verdict ({@link DiagnosisType#THRESHOLD_MISSED} or {@link DiagnosisType#REGRESSION}),
     * refined by the environment and the samples' spread.
     *
     * @param verdictType  THRESHOLD_MISSED or REGRESSION
     * @param verdictText  the verdict's own sentence(s), kept as the details
     * @param spreads      the spread of each measured metric
     * @param environment  the environment facts
     * @param gpuRequired  whether the test needs a GPU
     */
    public Diagnosis verdictFailure(DiagnosisType verdictType, String testName, String verdictText,
            List<MetricSpread> spreads, EnvironmentFacts environment, boolean gpuRequired) {
        if (verdictType != DiagnosisType.THRESHOLD_MISSED && verdictType != DiagnosisType.REGRESSION) {
            throw new IllegalArgumentException("verdictType must be THRESHOLD_MISSED or REGRESSION: " + verdictType);
        }
        Optional<Diagnosis> setup = environmentProblem(testName, environment, gpuRequired, verdictText);
        if (setup.isPresent()) {
            log(testName, setup.get(), "environment explains the failing verdict");
            return setup.get();
        }
        Optional<MetricSpread> noisiest = noisiest(spreads);
        if (noisiest.isPresent()) {
            MetricSpread spread = noisiest.get();
            String headline = String.format(Locale.ROOT, "%s: %s varies by %.1f%% (CV over %d samples) > %.1f%%, too noisy to trust the verdict",
                    testName, spread.metric(), spread.cvPercent(), spread.samples(), settings.noisyCvPercent());
            Diagnosis noisy = Diagnosis.of(DiagnosisType.NOISY_ENVIRONMENT, headline, verdictText, environment.summary(),
                    List.of(), null);
            log(testName, noisy, "coefficient of variation above the bound");
            return noisy;
        }
        String headline = testName + ": " + (verdictType == DiagnosisType.REGRESSION
                ? "significant regression against the baseline" : "threshold missed");
        Diagnosis diagnosis = Diagnosis.of(verdictType, headline, verdictText, environment.summary(), List.of(), null);
        log(testName, diagnosis, "verdict failed on a quiet machine");
        return diagnosis;
    }

    /**
     * An environment set-up problem, if the facts show one: a GPU required but absent, a loaded
     * machine, or a power-saving CPU governor. Also used to warn in passing tests' reports.
     */
    public Optional<Diagnosis> environmentProblem(String testName, EnvironmentFacts environment, boolean gpuRequired,
            String details) {
        List<String> problems = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        findEnvironmentProblems(environment, gpuRequired, problems, actions);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Diagnosis diagnosis = Diagnosis.of(DiagnosisType.ENVIRONMENT_SETUP, testName + ": " + String.join("; ", problems),
                details, environment.summary(), actions, null);
        return Optional.of(diagnosis);
    }

    private void findEnvironmentProblems(EnvironmentFacts environment, boolean gpuRequired, List<String> problems,
            List<String> actions) {
        if (gpuRequired && environment.gpuCount() == 0) {
            problems.add("GPU required but absent");
            actions.add("Run the test on a machine with a GPU and its driver, or let it skip where none is present.");
        }
        if (environment.loadedByOtherProcesses()) {
            // the load average is not used: it counts the test's own runnable threads, so a test
            // that keeps every CPU busy would call its own machine loaded
            problems.add("machine loaded: " + Objects.requireNonNull(environment.otherProcesses()).describe());
            actions.add("Wait for the other load to finish or run on a dedicated runner; the measurements compete for CPU.");
        }
        if (environment.powerSavingGovernor()) {
            problems.add("CPU frequency governor is 'powersave'");
            actions.add("Switch the governor to 'performance' before the run (e.g. cpupower frequency-set -g performance); perf-junit never changes it.");
        }
    }

    /** A noisy-environment diagnosis if any metric's spread is above the bound. */
    public Optional<Diagnosis> noisyEnvironment(String testName, List<MetricSpread> spreads, EnvironmentFacts environment) {
        return noisiest(spreads).map(spread -> Diagnosis.of(DiagnosisType.NOISY_ENVIRONMENT,
                String.format(Locale.ROOT, "%s: %s varies by %.1f%% (CV over %d samples) > %.1f%%", testName,
                        spread.metric(), spread.cvPercent(), spread.samples(), settings.noisyCvPercent()),
                "", environment.summary(), List.of(), null));
    }

    private Optional<MetricSpread> noisiest(List<MetricSpread> spreads) {
        MetricSpread worst = null;
        for (MetricSpread spread : spreads) {
            if (spread.cvPercent() > settings.noisyCvPercent() && (worst == null || spread.cvPercent() > worst.cvPercent())) {
                worst = spread;
            }
        }
        return Optional.ofNullable(worst);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Optional<DiagnosisType> declaredType(Throwable t) {
        return declaredType(t.getClass());
    }

    private Optional<DiagnosisType> declaredType(Class<? extends Throwable> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            DiagnosedAs marker = c.getAnnotation(DiagnosedAs.class);
            if (marker != null) {
                return Optional.of(marker.value());
            }
            Optional<DiagnosisType> named = declaredType(c.getName());
            if (named.isPresent()) {
                return named;
            }
        }
        return Optional.empty();
    }

    private Optional<DiagnosisType> declaredType(String className) {
        if (settings.modelLoadExceptions().contains(className)) {
            return Optional.of(DiagnosisType.MODEL_LOAD_FAILURE);
        }
        if (settings.environmentSetupExceptions().contains(className) || className.equals(TEST_ABORTED)) {
            return Optional.of(DiagnosisType.ENVIRONMENT_SETUP);
        }
        return Optional.empty();
    }

    /** Actions for the environment problems the facts show (a slow or loaded machine makes timeouts likelier). */
    private List<String> specificActions(DiagnosisType type, EnvironmentFacts environment, boolean gpuRequired) {
        if (type != DiagnosisType.ENVIRONMENT_SETUP && type != DiagnosisType.TIMEOUT) {
            return List.of();
        }
        List<String> actions = new ArrayList<>();
        findEnvironmentProblems(environment, gpuRequired, new ArrayList<>(), actions);
        return actions;
    }

    /** The failure and its causes, outermost first, without repeats (cause cycles are possible). */
    static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String headline(Throwable t, String where) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message)
                + (where.isEmpty() ? "" : " " + where);
    }

    private static String describeChain(List<Throwable> chain) {
        StringBuilder text = new StringBuilder("exception chain: ");
        for (int i = 0; i < chain.size(); i++) {
            Throwable t = chain.get(i);
            if (i > 0) {
                text.append(" <- caused by ");
            }
            text.append(t.getClass().getName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    private static String iterationDetails(FailureContext context) {
        String where = context.whereText();
        StringBuilder text = new StringBuilder();
        if (!where.isEmpty()) {
            text.append("; failed ").append(where);
        }
        if (context.timeout() != null) {
            text.append("; timeout ").append(Durations.readable(context.timeout()))
                    .append(context.timeoutFired() ? " (fired)" : "");
        }
        return text.toString();
    }

    private static String heapDetails() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "; max heap %d MiB", runtime.maxMemory() / (1024 * 1024));
    }

    private static Diagnosis decided(FailureContext context, Diagnosis diagnosis) {
        log(context.testName(), diagnosis, "classified from the exception chain");
        return diagnosis;
    }

    private static void log(String testName, Diagnosis diagnosis, String reason) {
        LOG.log(Level.DEBUG, () -> "diagnosis of " + testName + ": " + diagnosis.type() + " (" + reason + "): "
                + diagnosis.headline());
    }
}
