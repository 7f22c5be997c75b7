package dev.bitnet.perf.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * Measures the {@link ReferenceWorkload} and turns it into a {@link Calibration}: 5 warm-up
 * rounds, then 21 measured rounds, the median of which is compared with the reference machine's
 * median. In total about 40 ms on the reference machine; {@link #current()} measures once per
 * JVM and caches.
 *
 * <p><strong>The reference figure</strong> {@link #REFERENCE_ROUND_NANOS} was measured with
 * {@code java -cp perf-junit/target/perf-junit.jar dev.bitnet.perf.cli.Main env} on the
 * development machine of this project, {@link #REFERENCE_MACHINE}, under OpenJDK 17.0.15, as the
 * median of the "here" figure over repeated runs. That machine was shared with other jobs, so
 * the figure carries a few percent of noise; it defines "1.0", nothing more.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Calibrator {
    public static final long REFERENCE_ROUND_NANOS = 1_380_000L;
    public static final String REFERENCE_MACHINE = "AMD EPYC, 2 vCPUs, 24 GiB (amd-epyc-2c-24g-linux-x64-jdk17)";
    static final int WARMUP_ROUNDS = 5;
    static final int MEASURED_ROUNDS = 21;

    private static volatile long sink;

    private Calibrator() {}

    private static final class Cached {
        static final Calibration CALIBRATION = measure(WARMUP_ROUNDS, MEASURED_ROUNDS);
    }

    /** This JVM's calibration, measured on first use (about 40 ms) and cached. */
    public static Calibration current() {
        return Cached.CALIBRATION;
    }

    /** Measures afresh. */
    public static Calibration measure(int warmupRounds, int measuredRounds) {
        if (warmupRounds < 0 || measuredRounds < 1) {
            throw new IllegalArgumentException("rounds must be warm-up >= 0 and measured >= 1: " + warmupRounds + ", " + measuredRounds);
        }
        long checksum = 0;
        for (int i = 0; i < warmupRounds; i++) {
            checksum ^= ReferenceWorkload.round();
        }
        long[] times = new long[measuredRounds];
        for (int i = 0; i < measuredRounds; i++) {
            long start = System.nanoTime();
            checksum ^= ReferenceWorkload.round();
            times[i] = Math.max(1, System.nanoTime() - start);
        }
        sink = checksum;
        return fromRoundTimes(times, REFERENCE_ROUND_NANOS, REFERENCE_MACHINE);
    }

    static Calibration fromRoundTimes(long[] roundNanos, long referenceNanos, String referenceMachine) {
        long[] sorted = roundNanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        long median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double q1 = quantile(sorted, 0.25);
        double q3 = quantile(sorted, 0.75);
        return new Calibration((double) referenceNanos / median, median, sorted[0], sorted[n - 1], (q3 - q1) / median, n,
                referenceNanos, referenceMachine);
    }

    private static double quantile(long[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
