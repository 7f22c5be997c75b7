package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code DiagnosisType} names the kind of a performance test's failure, each with a title and the
 * actions that usually help. The order of the constants is the order of severity in reports: a run
 * that cannot load its model says nothing about performance, a regression says a lot.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum DiagnosisType {
    /** The model (or another input file) could not be loaded: missing, truncated or malformed. */
    MODEL_LOAD_FAILURE("Model load failure", List.of(
            "Check that the model file exists and is complete (compare its size and checksum with its source).",
            "Regenerate or download the model file again; a killed copy or download leaves a truncated file.",
            "Check that this build supports the file's format version and tensor types.")),
    /** The JVM ran out of memory (heap, metaspace or direct memory) during the test. */
    MEMORY_EXHAUSTION("Memory exhaustion", List.of(
            "Give the test JVM more memory (-Xmx in Surefire's argLine), or lower the test's batch size, sequence length or threads.",
            "Memory-map large weights instead of copying them onto the heap.",
            "Look for a leak: rerun with -XX:+HeapDumpOnOutOfMemoryError and open the dump.")),
    /** The per-test timeout fired before the planned iterations finished. */
    TIMEOUT("Timeout", List.of(
            "Compare the iteration reached with the iterations planned: far fewer means the code hangs or got much slower.",
            "Raise the test's timeout or lower its warm-up and iterations if the machine is simply slower.",
            "Take a thread dump (jstack) while the test runs to see where it waits.")),
    /** A stated or derived threshold was missed by the measured statistic. */
    THRESHOLD_MISSED("Threshold missed", List.of(
            "Profile the measured region (async-profiler or JFR) to find where the time or memory goes.",
            "Check the threshold's derivation: a machine much slower than the reference needs a calibration factor or an override.",
            "If the requirement itself changed, update the annotation or the override file in the same commit.")),
    /** The samples differ significantly (and beyond the noise band) from the stored baseline. */
    REGRESSION("Regression", List.of(
            "Compare with the commit the baseline was recorded at and bisect the change.",
            "If the change is intended, record a new baseline on purpose and commit it with the change.",
            "Rerun once on a quiet machine to rule out interference before bisecting.")),
    /** The spread of the samples is too wide to decide; the machine is probably busy or throttling. */
    NOISY_ENVIRONMENT("Noisy environment", List.of(
            "Rerun on a quiet or dedicated machine; stop other jobs sharing the cores.",
            "Raise warm-up and iterations so that JIT compilation and caches settle before sampling.",
            "Set the CPU frequency governor to 'performance' outside the test run (perf-junit never changes it).")),
    /** The machine is not set up for the test: a GPU required but absent, a power-saving governor, a loaded machine. */
    ENVIRONMENT_SETUP("Environment set-up", List.of(
            "Run the test on a machine that meets its requirements, or let it skip where they are not met.",
            "Compare this machine with the baseline's: java -jar perf-junit.jar env prints its fingerprint and environment class.")),
    /** The measured code threw: a functional error, not a performance verdict. */
    EXECUTION_ERROR("Execution error", List.of(
            "Read the exception and stack trace: the failure is in the measured code, not in its speed.",
            "Fix the error first; no performance verdict is computed for code that throws.",
            "If the exception is transient (network, contention), declare it with @RetryOn on the test so that only it is retried."));

    private final String title;
    private final List<String> defaultActions;

    DiagnosisType(String title, List<String> defaultActions) {
        this.title = title;
        this.defaultActions = defaultActions;
    }

    /** A short human title, e.g. "Memory exhaustion". */
    public String title() {
        return title;
    }

    /** The actions that usually help with this kind of failure; never empty. */
    public List<String> defaultActions() {
        return defaultActions;
    }
}
