package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * {@code DiagnosisSettings} holds the configurable bounds and exception lists that the
 * {@link DiagnosisClassifier} uses. Read them with {@link #from(Function)} from JUnit configuration
 * parameters or system properties; an invalid value logs a warning and keeps the default.
 *
 * <p>Whether the machine was loaded is judged from the CPU use of other processes during the test
 * ({@link dev.bitnet.perf.env.OtherProcessLoad}, limit {@code perf.env.otherProcessesLimit}). The
 * former {@code perf.diagnosis.loadPerCpuLimit}, a limit on the load average, is no longer read
 * (the load average counts the test's own threads); setting it logs a warning.
 *
 * @param modelLoadExceptions        fully qualified names of exception classes (and their subclasses) that mean a model failed to load
 * @param environmentSetupExceptions fully qualified names of exception classes that mean the environment is not set up (e.g. no GPU)
 * @param noisyCvPercent             a coefficient of variation above this many percent marks the environment as noisy
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DiagnosisSettings(
        List<String> modelLoadExceptions,
        List<String> environmentSetupExceptions,
        double noisyCvPercent) {

    /** Comma-separated class names; replaces {@link #DEFAULT_MODEL_LOAD_EXCEPTIONS}. */
    public static final String MODEL_LOAD_EXCEPTIONS_KEY = "perf.diagnosis.modelLoadExceptions";
    /** Comma-separated class names; empty by default. */
    public static final String ENVIRONMENT_SETUP_EXCEPTIONS_KEY = "perf.diagnosis.environmentSetupExceptions";
    /** A positive number of percent; defaults to {@value #DEFAULT_NOISY_CV_PERCENT}. */
    public static final String NOISY_CV_PERCENT_KEY = "perf.diagnosis.noisyCvPercent";
    /** No longer read; see the class comment. */
    static final String REMOVED_LOAD_PER_CPU_LIMIT_KEY = "perf.diagnosis.loadPerCpuLimit";

    /** The BitNet engine's format error, named so that perf-junit needs no dependency on the engine. */
    public static final List<String> DEFAULT_MODEL_LOAD_EXCEPTIONS = List.of("dev.bitnet.engine.gguf.GgufFormatException");
    public static final double DEFAULT_NOISY_CV_PERCENT = 10.0;

    private static final System.Logger LOG = System.getLogger(DiagnosisSettings.class.getName());

    public DiagnosisSettings {
        modelLoadExceptions = List.copyOf(modelLoadExceptions);
        environmentSetupExceptions = List.copyOf(environmentSetupExceptions);
        if (!(noisyCvPercent > 0) || Double.isInfinite(noisyCvPercent)) {
            throw new IllegalArgumentException("noisyCvPercent must be a positive number: " + noisyCvPercent);
        }
    }

    public static DiagnosisSettings defaults() {
        return new DiagnosisSettings(DEFAULT_MODEL_LOAD_EXCEPTIONS, List.of(), DEFAULT_NOISY_CV_PERCENT);
    }

    /**
     * Reads the settings through a parameter lookup such as
     * {@code key -> extensionContext.getConfigurationParameter(key)} or
     * {@code key -> Optional.ofNullable(System.getProperty(key))}.
     */
    public static DiagnosisSettings from(Function<String, Optional<String>> parameters) {
        parameters.apply(REMOVED_LOAD_PER_CPU_LIMIT_KEY).ifPresent(value -> LOG.log(Level.WARNING, () -> String.format(Locale.ROOT,
                "Ignored '%s' set via the '%s' configuration parameter: the load average counts the test's own threads and no longer"
                        + " judges whether the machine was loaded. Set '%s' (a share of the CPUs used by other processes) instead.",
                value, REMOVED_LOAD_PER_CPU_LIMIT_KEY, dev.bitnet.perf.env.OtherProcessLoad.LIMIT_KEY)));
        return new DiagnosisSettings(
                parameters.apply(MODEL_LOAD_EXCEPTIONS_KEY).map(DiagnosisSettings::classNames).orElse(DEFAULT_MODEL_LOAD_EXCEPTIONS),
                parameters.apply(ENVIRONMENT_SETUP_EXCEPTIONS_KEY).map(DiagnosisSettings::classNames).orElse(List.of()),
                positive(parameters, NOISY_CV_PERCENT_KEY, DEFAULT_NOISY_CV_PERCENT));
    }

    private static List<String> classNames(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static double positive(Function<String, Optional<String>> parameters, String key, double defaultValue) {
        Optional<String> text = parameters.apply(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.get().trim());
            if (value > 0 && !Double.isInfinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        LOG.log(Level.WARNING, () -> String.format(Locale.ROOT,
                "Ignored invalid value '%s' set via the '%s' configuration parameter; it must be a positive number. Using %s.",
                text.get(), key, defaultValue));
        return defaultValue;
    }
}
