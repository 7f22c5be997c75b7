package dev.bitnet.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * perf-junit used as a user would: ordinary performance tests that Surefire runs directly, so that
 * their records land in {@code target/perf-junit/records/} and their report entries in Surefire's
 * XML. Thresholds are generous (shared two-core machines); the fixtures of the extension's own
 * tests check that thresholds can fail.
 */
@DisplayName("sorting, measured with perf-junit")
class SortingPerformanceTests {

    @PerformanceTest(warmup = 2, iterations = 8)
    @LatencyAtMost(value = 2, unit = java.util.concurrent.TimeUnit.SECONDS)
    @AllocationAtMost(value = 64 * 1024 * 1024)
    void sortsTenThousandInts() {
        int[] values = new SplittableRandom(1).ints(10_000).toArray();
        Arrays.sort(values);
        assertThat(values[0]).isLessThanOrEqualTo(values[values.length - 1]);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1_000, 20_000})
    @Performance(warmup = 2, iterations = 6)
    @ThroughputAtLeast(1)
    @TokensPerSecondAtLeast(1)
    void sortsOnlyInsideTheRegion(int n, Measure measure) {
        int[] values = new SplittableRandom(n).ints(n).toArray();
        int[] sorted = measure.run(() -> {
            int[] copy = values.clone();
            Arrays.sort(copy);
            measure.tokens(n);
            return copy;
        });
        assertThat(sorted).isSorted();
    }
}
