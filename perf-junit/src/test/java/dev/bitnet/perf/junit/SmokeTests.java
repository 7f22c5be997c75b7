package dev.bitnet.perf.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.record.PerfRecord;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTests {

    @TempDir
    Path records;

    @Test
    void wholeMethodAndRegionBothProduceRecords() {
        EngineRuns.run(records, SortTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(EngineRuns.records(records)).hasSize(2).allSatisfy(r -> {
            assertThat(r.samples()).hasSize(4);
            System.out.println(dev.bitnet.perf.record.RecordJson.toJson(r).substring(0, 600));
        });
    }

    static class SortTestCase {
        @PerformanceTest(warmup = 1, iterations = 4)
        @LatencyAtMost(1000)
        void sortsWholeMethod() {
            int[] a = new Random(1).ints(10_000).toArray();
            Arrays.sort(a);
        }

        @PerformanceTest(warmup = 1, iterations = 4)
        void sortsRegion(Measure measure) {
            int[] a = new Random(1).ints(10_000).toArray();
            measure.run(() -> Arrays.sort(a.clone()));
        }
    }
}
