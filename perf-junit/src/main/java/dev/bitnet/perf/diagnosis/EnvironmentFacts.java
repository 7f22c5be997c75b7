package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code EnvironmentFacts} holds the few environment facts a diagnosis is classified from, plus a
 * one-line summary of the environment for people. Unknown facts are {@code "unknown"}, {@code NaN}
 * or {@code -1}; a diagnosis never guesses from them.
 *
 * @param summary       one line describing the environment (class, CPU, cores, governor, load), possibly empty
 * @param cpuGovernor   the CPU frequency governor, e.g. {@code "powersave"}, or {@code "unknown"}
 * @param loadAverage1m the one-minute load average, {@code NaN} when unknown
 * @param effectiveCpus the CPUs this JVM may use, at least 1
 * @param gpuCount      the GPUs found, {@code -1} when unknown
 * @param otherProcesses the CPU use of other processes while the test was measured, {@code null} when not measured
 *                      (a failure before or outside the measured rounds); it alone decides whether the machine was loaded
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EnvironmentFacts(String summary, String cpuGovernor, double loadAverage1m, int effectiveCpus, int gpuCount,
        dev.bitnet.perf.env.@Nullable OtherProcessLoad otherProcesses) {

    public static final String UNKNOWN = "unknown";

    public EnvironmentFacts {
        Objects.requireNonNull(summary, "summary must not be null");
        Objects.requireNonNull(cpuGovernor, "cpuGovernor must not be null");
        if (effectiveCpus < 1) {
            throw new IllegalArgumentException("effectiveCpus must be at least 1: " + effectiveCpus);
        }
        if (gpuCount < -1) {
            throw new IllegalArgumentException("gpuCount must be -1 (unknown) or more: " + gpuCount);
        }
        if (loadAverage1m < 0) {
            throw new IllegalArgumentException("loadAverage1m must not be negative: " + loadAverage1m);
        }
    }

    /** Facts of which nothing is known; nothing is diagnosed from them. */
    public static EnvironmentFacts unknown() {
        return new EnvironmentFacts("", UNKNOWN, Double.NaN, 1, -1);
    }

    /** Facts without a measurement of other processes' CPU use. */
    public EnvironmentFacts(String summary, String cpuGovernor, double loadAverage1m, int effectiveCpus, int gpuCount) {
        this(summary, cpuGovernor, loadAverage1m, effectiveCpus, gpuCount, null);
    }

    /** The same facts with the CPU use of other processes during the test, added to the summary. */
    public EnvironmentFacts withOtherProcesses(dev.bitnet.perf.env.OtherProcessLoad duringTest) {
        Objects.requireNonNull(duringTest, "duringTest must not be null");
        EnvironmentFacts facts = new EnvironmentFacts(summary, cpuGovernor, loadAverage1m, effectiveCpus, gpuCount, duringTest);
        return facts.withSummary(summary.isEmpty() ? facts.describe() : summary + "; " + duringTest.describe());
    }

    /** Whether other processes were measured to load the machine during the test; {@code false} when unknown. */
    public boolean loadedByOtherProcesses() {
        return otherProcesses != null && otherProcesses.loaded();
    }

    /**
     * Reads the cheap facts of this machine with the JDK alone: the governor of CPU 0 from sysfs,
     * the load average and the available processors from the platform MXBean. The GPU count stays
     * unknown; the environment fingerprint knows it.
     */
    public static EnvironmentFacts probe() {
        String governor = UNKNOWN;
        Path governorFile = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
        try {
            if (Files.isReadable(governorFile)) {
                governor = Files.readString(governorFile, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException | SecurityException e) {
            governor = UNKNOWN;
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        EnvironmentFacts facts = new EnvironmentFacts("", governor.isEmpty() ? UNKNOWN : governor,
                load < 0 ? Double.NaN : load, cpus, -1);
        return facts.withSummary(facts.describe());
    }

    /**
     * The facts of a perf-baseline environment fingerprint, with the load average read now (the
     * fingerprint's is from its start). GPUs count when they are compute-capable.
     */
    public static EnvironmentFacts of(dev.bitnet.perf.env.EnvironmentFingerprint fingerprint, dev.bitnet.perf.env.LoadAverage now) {
        int gpus = (int) fingerprint.gpus().stream().filter(dev.bitnet.perf.env.EnvironmentClass::isComputeGpu).count();
        Double load = now.oneMinute();
        EnvironmentFacts facts = new EnvironmentFacts("", fingerprint.cpuGovernor(), load == null ? Double.NaN : load,
                fingerprint.effectiveCpus(), gpus);
        return facts.withSummary(fingerprint.environmentClass().slug() + ": " + fingerprint.cpuModel() + ", " + facts.describe());
    }

    /** The facts of this machine now, from perf-baseline's cached fingerprint; {@link #probe()} where that fails. */
    public static EnvironmentFacts current() {
        try {
            return of(dev.bitnet.perf.env.EnvironmentProbe.current(), dev.bitnet.perf.env.EnvironmentProbe.loadAverageNow());
        } catch (RuntimeException | LinkageError e) {
            return probe();
        }
    }

    /** The same facts with another summary. */
    public EnvironmentFacts withSummary(String newSummary) {
        return new EnvironmentFacts(newSummary, cpuGovernor, loadAverage1m, effectiveCpus, gpuCount, otherProcesses);
    }

    /**
     * A summary built from the facts alone, e.g. "2 CPUs, governor powersave, load 3.10 (1.55 per CPU), GPUs unknown",
     * followed by the CPU use of other processes when it was measured. The load average counts the test's own threads too,
     * so it is a fact here, not a judgement.
     */
    public String describe() {
        StringBuilder text = new StringBuilder().append(effectiveCpus).append(effectiveCpus == 1 ? " CPU" : " CPUs")
                .append(", governor ").append(cpuGovernor);
        if (Double.isNaN(loadAverage1m)) {
            text.append(", load unknown");
        } else {
            text.append(String.format(Locale.ROOT, ", load %.2f (%.2f per CPU)", loadAverage1m, loadPerCpu()));
        }
        text.append(", GPUs ").append(gpuCount < 0 ? UNKNOWN : Integer.toString(gpuCount));
        if (otherProcesses != null) {
            text.append(", ").append(otherProcesses.describe());
        }
        return text.toString();
    }

    /** The one-minute load average divided by the effective CPUs; {@code NaN} when unknown. */
    public double loadPerCpu() {
        return loadAverage1m / effectiveCpus;
    }

    /** Whether a power-saving governor is known to be active. */
    public boolean powerSavingGovernor() {
        return cpuGovernor.equals("powersave");
    }
}
