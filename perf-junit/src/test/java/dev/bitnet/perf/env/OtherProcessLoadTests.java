package dev.bitnet.perf.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CPU use of other processes during a test")
class OtherProcessLoadTests {
    private static final long SECOND = 1_000_000_000L;

    /** A reading of 2 CPUs at the usual 100 ticks per second. */
    private static CpuTimes reading(long busyTicks, long totalTicks, long processCpuNanos, long nanoTime) {
        return new CpuTimes(busyTicks, totalTicks, 2, processCpuNanos, nanoTime, null);
    }

    @Nested
    @DisplayName("computed from two readings")
    class Computation {
        @Test
        @DisplayName("a test that keeps both CPUs busy on an otherwise idle machine is not loaded")
        void ownProcessTheOnlyBusyOne() {
            // 10 s on 2 CPUs = 2000 ticks; 1960 busy, of which this JVM used 19.5 CPU-seconds (1.95 CPUs)
            OtherProcessLoad load = OtherProcessLoad.between(reading(50_000, 100_000, 7 * SECOND, 0),
                    reading(51_960, 102_000, 7 * SECOND + 19_500_000_000L, 10 * SECOND), 0.5);
            assertThat(load.known()).isTrue();
            assertThat(load.busyCpus()).isCloseTo(1.96, within(1e-12));
            assertThat(load.ownCpus()).isCloseTo(1.95, within(1e-12));
            assertThat(load.otherCpus()).isCloseTo(0.01, within(1e-12));
            assertThat(load.otherShare()).isCloseTo(0.005, within(1e-12));
            assertThat(load.loaded()).isFalse();
        }

        @Test
        @DisplayName("other processes busy on 1.4 of 2 CPUs load the machine, and the message states the figures")
        void othersBusy() {
            OtherProcessLoad load = OtherProcessLoad.between(reading(0, 0, 0, 0), reading(1900, 2000, 5 * SECOND, 10 * SECOND), 0.5);
            assertThat(load.otherCpus()).isCloseTo(1.4, within(1e-12));
            assertThat(load.otherShare()).isCloseTo(0.7, within(1e-12));
            assertThat(load.loaded()).isTrue();
            assertThat(load.describe()).isEqualTo("other processes used 1.40 of 2 CPUs (70%, limit 50%) during the test's 10.0 s;"
                    + " this JVM used 0.50");
        }

        @Test
        @DisplayName("the limit is inclusive, and a higher limit tolerates more")
        void limitBoundary() {
            CpuTimes start = reading(0, 0, 0, 0);
            CpuTimes end = reading(1500, 2000, 5 * SECOND, 10 * SECOND); // busy 1.5, own 0.5, other 1.0 = 50%
            assertThat(OtherProcessLoad.between(start, end, 0.5).loaded()).isTrue();
            assertThat(OtherProcessLoad.between(start, end, 0.51).loaded()).isFalse();
        }

        @Test
        @DisplayName("tick sampling that shows less busy time than this JVM's own CPU time gives zero, not a negative figure")
        void ownTimeAboveBusyTicks() {
            OtherProcessLoad load = OtherProcessLoad.between(reading(0, 0, 0, 0), reading(380, 400, 2 * SECOND, SECOND), 0.5);
            assertThat(load.otherCpus()).isZero();
            assertThat(load.loaded()).isFalse();
        }

        @Test
        @DisplayName("an interval under the minimum of clock ticks is unknown, never loaded")
        void tooShort() {
            OtherProcessLoad load = OtherProcessLoad.between(reading(0, 0, 0, 0),
                    reading(OtherProcessLoad.MIN_TICKS - 1, OtherProcessLoad.MIN_TICKS - 1, 0, SECOND / 4), 0.5);
            assertThat(load.known()).isFalse();
            assertThat(load.loaded()).isFalse();
            assertThat(load.otherCpus()).isNaN();
            assertThat(load.unknownReason()).isEqualTo("the test's 0.250 s (49 clock ticks on 2 CPUs) are too short to judge;"
                    + " at least 50 ticks are needed");
        }

        @Test
        @DisplayName("unreadable or inconsistent counters are unknown with their reason")
        void unknownReadings() {
            CpuTimes unreadable = new CpuTimes(CpuTimes.UNKNOWN, CpuTimes.UNKNOWN, 0, 5, 0, "system CPU ticks: /proc/stat unreadable");
            assertThat(OtherProcessLoad.between(unreadable, reading(100, 200, 5, SECOND), 0.5).describe())
                    .isEqualTo("CPU use of other processes during the test unknown (system CPU ticks: /proc/stat unreadable)");
            assertThat(OtherProcessLoad.between(reading(100, 200, 5, SECOND), unreadable, 0.5).loaded()).isFalse();
            assertThat(OtherProcessLoad.between(reading(500, 1000, 0, 0), reading(400, 2000, SECOND, SECOND), 0.5).unknownReason())
                    .isEqualTo("counters went backwards between the readings");
            CpuTimes threeCpus = new CpuTimes(600, 2000, 3, SECOND, SECOND, null);
            assertThat(OtherProcessLoad.between(reading(0, 0, 0, 0), threeCpus, 0.5).unknownReason())
                    .isEqualTo("the number of CPUs changed from 2 to 3 during the test");
        }

        @Test
        @DisplayName("rejects a limit outside (0, 1] and inconsistent known figures")
        void rejectsBadInput() {
            assertThatThrownBy(() -> OtherProcessLoad.between(reading(0, 0, 0, 0), reading(0, 100, 0, SECOND), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must lie in (0, 1]: 0.0");
            assertThatThrownBy(() -> new OtherProcessLoad(1, 0, 0.5, 0.1, 0.5, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new CpuTimes(10, 5, 2, 0, 0, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("systemBusyTicks must not exceed systemTotalTicks: 10 > 5");
        }
    }

    @Nested
    @DisplayName("configuration and storage")
    class Storage {
        @Test
        @DisplayName("the limit comes from perf.env.otherProcessesLimit; an invalid value falls back to the default")
        void limit() {
            assertThat(OtherProcessLoad.limitFrom(key -> Optional.empty())).isEqualTo(OtherProcessLoad.DEFAULT_LIMIT);
            assertThat(OtherProcessLoad.limitFrom(key -> key.equals(OtherProcessLoad.LIMIT_KEY) ? Optional.of(" 0.25 ") : Optional.empty()))
                    .isEqualTo(0.25);
            for (String bad : new String[] {"0", "-0.5", "1.5", "half", "NaN"}) {
                assertThat(OtherProcessLoad.limitFrom(key -> Optional.of(bad))).as(bad).isEqualTo(OtherProcessLoad.DEFAULT_LIMIT);
            }
        }

        @Test
        @DisplayName("round-trips through an environment summary; a foreign or missing entry reads as none")
        void roundTrip() {
            OtherProcessLoad known = OtherProcessLoad.between(reading(0, 0, 0, 0), reading(1900, 2000, 5 * SECOND, 10 * SECOND), 0.4);
            assertThat(OtherProcessLoad.fromEnvironment(Map.of(OtherProcessLoad.ENVIRONMENT_KEY, known.toMap()))).contains(known);
            assertThat(known.toMap()).containsEntry("loaded", true).containsEntry("otherShare", known.otherShare());
            OtherProcessLoad unknown = OtherProcessLoad.unknown("no counters", 0.5);
            assertThat(OtherProcessLoad.fromEnvironment(Map.of(OtherProcessLoad.ENVIRONMENT_KEY, unknown.toMap()))).contains(unknown);
            assertThat(OtherProcessLoad.fromEnvironment(Map.of())).isEmpty();
            assertThat(OtherProcessLoad.fromEnvironment(Map.of(OtherProcessLoad.ENVIRONMENT_KEY, Map.of("limit", "x")))).isEmpty();
        }
    }

    @Nested
    @DisplayName("readings")
    class Readings {
        @Test
        @DisplayName("/proc/stat: busy = user+nice+system+irq+softirq+steal, total adds idle and iowait, CPUs counted")
        void parsesProcStat() {
            String stat = "cpu  100 20 30 400 50 6 7 8 90 10\ncpu0 50 10 15 200 25 3 4 4 45 5\ncpu1 50 10 15 200 25 3 3 4 45 5\n"
                    + "intr 12345\nctxt 99\n";
            assertThat(CpuTimes.parseProcStat(stat)).hasValueSatisfying(t -> assertThat(t).containsExactly(171, 621, 2));
            // kernels before 2.6.11 have only user nice system idle (and iowait...)
            assertThat(CpuTimes.parseProcStat("cpu 1 2 3 4\ncpu0 1 2 3 4\n")).hasValueSatisfying(t -> assertThat(t).containsExactly(6, 10, 1));
            assertThat(CpuTimes.parseProcStat("cpu 1 2 3\ncpu0 1 2 3\n")).isEmpty();
            assertThat(CpuTimes.parseProcStat("cpu 1 x 3 4\ncpu0 1 2 3 4\n")).isEmpty();
            assertThat(CpuTimes.parseProcStat("cpu 1 2 3 4\n")).isEmpty();
            assertThat(CpuTimes.parseProcStat("")).isEmpty();
        }

        @Test
        @DisplayName("an unreadable /proc/stat without OSHI is unknown, never an exception")
        void unreadable(@TempDir Path root) throws IOException {
            CpuTimes none = CpuTimes.read(new SystemFiles(root), false);
            assertThat(none.known()).isFalse();
            assertThat(none.unknownReason()).isEqualTo("system CPU ticks: /proc/stat unreadable");
            Files.createDirectories(root.resolve("proc"));
            Files.writeString(root.resolve("proc/stat"), "cpu  100 0 50 850 0 0 0 0 0 0\ncpu0 100 0 50 850 0 0 0 0 0 0\n");
            CpuTimes fake = CpuTimes.read(new SystemFiles(root), false);
            assertThat(fake.systemBusyTicks()).isEqualTo(150);
            assertThat(fake.systemTotalTicks()).isEqualTo(1000);
            assertThat(fake.systemCpus()).isEqualTo(1);
        }

        @Test
        @DisplayName("this machine's counters move forward while this JVM works")
        void realMachine() {
            CpuTimes start = CpuTimes.now();
            long until = System.nanoTime() + 50_000_000;
            double sink = 0;
            while (System.nanoTime() < until) {
                sink += Math.sqrt(sink + 1);
            }
            CpuTimes end = CpuTimes.now();
            assertThat(sink).isPositive();
            if (start.known()) { // Linux, or OSHI elsewhere
                assertThat(end.known()).isTrue();
                assertThat(end.processCpuNanos() - start.processCpuNanos()).isGreaterThan(10_000_000);
                assertThat(end.systemTotalTicks()).isGreaterThanOrEqualTo(start.systemTotalTicks());
                assertThat(end.systemCpus()).isEqualTo(start.systemCpus()).isPositive();
            } else {
                assertThat(OtherProcessLoad.between(start, end, 0.5).loaded()).isFalse();
            }
        }
    }
}
