package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProgressReporter")
class ProgressReporterTests {
    private final List<String> lines = new ArrayList<>();
    private long nowNanos = 0;
    private final ProgressReporter reporter = new ProgressReporter(lines::add, () -> nowNanos, Duration.ofSeconds(5));

    @Test
    @DisplayName("prints nothing for a test shorter than the interval")
    void quietForShortTests() {
        ProgressReporter.Progress p = reporter.start("fast()", 2, 5);
        for (int i = 1; i <= 2; i++) {
            nowNanos += 100_000_000L;
            p.warmupDone(i);
        }
        for (int i = 1; i <= 5; i++) {
            nowNanos += 100_000_000L;
            p.sampleDone(i);
        }
        assertThat(lines).isEmpty();
    }

    @Test
    @DisplayName("prints at most one line per interval with position and time left")
    void throttledLinesWithEstimate() {
        ProgressReporter.Progress p = reporter.start("decode(batch=4)", 2, 20);
        for (int i = 1; i <= 2; i++) {
            nowNanos += 3_000_000_000L; // 3 s per iteration
            p.warmupDone(i);
        }
        for (int i = 1; i <= 20; i++) {
            nowNanos += 3_000_000_000L;
            p.sampleDone(i);
        }
        // 22 iterations of 3 s = 66 s; a line at most every 5 s -> every second iteration
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("[perf] decode(batch=4): warm-up 2/2, about 60 s left");
        assertThat(lines.get(1)).isEqualTo("[perf] decode(batch=4): sample 2/20, about 54 s left");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("[perf] decode(batch=4): sample 20/20");
    }

    @Test
    @DisplayName("long remaining times are given in minutes")
    void minutes() {
        ProgressReporter.Progress p = reporter.start("slow()", 0, 100);
        nowNanos += 10_000_000_000L;
        p.sampleDone(1);
        assertThat(lines).containsExactly("[perf] slow(): sample 1/100, about 17 min left");
    }

    @Test
    @DisplayName("an interval of 0 from the configuration turns progress off; an invalid one keeps the default")
    void configuration() {
        assertThat(ProgressReporter.fromConfiguration(k -> Optional.ofNullable(Map.of(ProgressReporter.INTERVAL_KEY, "0").get(k)))
                .enabled()).isFalse();
        assertThat(ProgressReporter.fromConfiguration(k -> Optional.ofNullable(Map.of(ProgressReporter.INTERVAL_KEY, "soon").get(k)))
                .enabled()).isTrue();
    }
}
