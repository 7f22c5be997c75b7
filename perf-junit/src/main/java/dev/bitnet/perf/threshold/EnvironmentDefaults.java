package dev.bitnet.perf.threshold;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.sample.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Built-in thresholds and comparison settings for tests that state no number, derived from the
 * environment. The rules:
 *
 * <ol>
 *   <li><strong>Memory ceiling</strong> ({@code memory_usage_mb}, {@code peak_rss_mb}, max):
 *       75% of the usable memory (physical memory capped by the cgroup limit). A test whose
 *       process grows beyond that is about to be killed by the OOM killer on this machine.</li>
 *   <li><strong>Hang ceiling</strong> ({@code latency_ms}, max): 60 s on a machine with 8 or more
 *       usable CPUs, times 8 / CPUs on smaller ones (2 CPUs: 240 s). One call beyond it is a hang,
 *       not a measurement.</li>
 *   <li><strong>Noise band</strong> of the baseline comparison: 2% with 4 or more usable CPUs,
 *       3% with 2 or 3, 5% with 1 CPU or when the machine was loaded when the run started
 *       (fewer cores share more with the OS and neighbours, so timings wander further).</li>
 *   <li><strong>Adaptive sampling target</strong>: a 95% interval half-width of 1.25 × the noise
 *       band.</li>
 * </ol>
 * A GPU changes none of these defaults: it changes the environment class (baselines of machines
 * with and without a GPU are never mixed) and can select overrides ({@code gpu=true}). A stated
 * threshold of the same metric always replaces the default.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EnvironmentDefaults {
    public static final double MEMORY_SHARE = 0.75;
    public static final double HANG_SECONDS_ON_8_CPUS = 60;
    static final String STATED_IN = "perf-junit's environment defaults";

    private EnvironmentDefaults() {}

    /** The default thresholds for this environment, each with its derivation. */
    public static List<Threshold> thresholds(EnvironmentFingerprint fp) {
        List<Threshold> defaults = new ArrayList<>();
        long memory = fp.effectiveMemoryBytes();
        if (memory > 0) {
            double mib = memory / (1024.0 * 1024.0);
            String memoryNote = fp.cgroup().memoryLimitBytes() != null && fp.cgroup().memoryLimitBytes() == memory
                    ? "cgroup memory limit" : "physical memory";
            for (Metric metric : List.of(Metric.MEMORY_USAGE_MB, Metric.PEAK_RSS_MB)) {
                defaults.add(Threshold.stated(metric, Statistic.MAX, 0, Bound.AT_MOST, mib, STATED_IN + " (usable memory: "
                        + memoryNote + ")").scaled("75% of usable memory, the rest for the OS and other processes", MEMORY_SHARE));
            }
        }
        int cpus = fp.effectiveCpus();
        Threshold hang = Threshold.stated(Metric.LATENCY_MS, Statistic.MAX, 0, Bound.AT_MOST, HANG_SECONDS_ON_8_CPUS * 1000,
                STATED_IN + " (hang ceiling on 8 CPUs)");
        if (cpus < 8) {
            hang = hang.scaled(String.format(Locale.ROOT, "8 reference CPUs / %d usable CPUs", cpus), 8.0 / cpus);
        }
        defaults.add(hang);
        return List.copyOf(defaults);
    }

    /** The default noise band of the baseline comparison, in percent. */
    public static double noiseBandPercent(EnvironmentFingerprint fp) {
        int cpus = fp.effectiveCpus();
        if (cpus <= 1 || fp.loadAtStart().loaded()) {
            return 5.0;
        }
        return cpus < 4 ? 3.0 : 2.0;
    }

    /** The default adaptive-sampling target: 1.25 × the noise band. */
    public static double adaptiveTargetHalfWidthPercent(EnvironmentFingerprint fp) {
        return 1.25 * noiseBandPercent(fp);
    }

    /** The rules in words, for {@code perf-junit env}. */
    public static String describeNoiseBand(EnvironmentFingerprint fp) {
        return String.format(Locale.ROOT, "%.0f%% (%d usable CPUs%s)", noiseBandPercent(fp), fp.effectiveCpus(),
                fp.loadAtStart().loaded() ? ", loaded at start" : "");
    }
}
