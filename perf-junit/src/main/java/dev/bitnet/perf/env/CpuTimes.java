package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * {@code CpuTimes} is one reading of the CPU time counters that {@link OtherProcessLoad} compares
 * across a test: the whole system's busy and total clock ticks, summed over its CPUs, this JVM's
 * own CPU time, and a {@link System#nanoTime()} stamp.
 *
 * <p>Sources: the first ({@code cpu}) line of Linux {@code /proc/stat}, in clock ticks (proc(5));
 * busy = user + nice + system + irq + softirq + steal (guest time is already inside user and
 * nice), total = busy + idle + iowait. Stolen time counts as busy: a hypervisor that runs other
 * machines on our CPUs disturbs timings as other processes do. Where {@code /proc/stat} is
 * unreadable, OSHI's {@link CentralProcessor#getSystemCpuLoadTicks()} (the same counters on
 * Linux, the platform's equivalents elsewhere). This JVM's CPU time, all threads (JIT and GC
 * included), comes from {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime()}.
 *
 * <p>An unreadable counter is {@code -1} ({@link #UNKNOWN}) and the reading says why in
 * {@link #unknownReason()}; reading never throws.
 *
 * @param systemBusyTicks busy ticks of all CPUs since boot, or {@code -1}
 * @param systemTotalTicks all ticks (busy and idle) of all CPUs since boot, or {@code -1}
 * @param systemCpus the CPUs those ticks are summed over, at least 1 when known, else 0
 * @param processCpuNanos this JVM's CPU time so far, or {@code -1}
 * @param nanoTime {@link System#nanoTime()} when read
 * @param unknownReason why a counter is unknown, {@code null} when all are known
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CpuTimes(
        long systemBusyTicks,
        long systemTotalTicks,
        int systemCpus,
        long processCpuNanos,
        long nanoTime,
        @Nullable String unknownReason) {

    public static final long UNKNOWN = -1;

    public CpuTimes {
        if (systemCpus < 0) {
            throw new IllegalArgumentException("systemCpus must be zero (unknown) or more: " + systemCpus);
        }
        if (systemBusyTicks >= 0 && systemTotalTicks >= 0 && systemBusyTicks > systemTotalTicks) {
            throw new IllegalArgumentException("systemBusyTicks must not exceed systemTotalTicks: " + systemBusyTicks + " > "
                    + systemTotalTicks);
        }
    }

    /** Whether every counter was read. */
    public boolean known() {
        return systemBusyTicks >= 0 && systemTotalTicks >= 0 && systemCpus >= 1 && processCpuNanos >= 0;
    }

    /** The counters of this machine and JVM now. */
    public static CpuTimes now() {
        return read(SystemFiles.real(), true);
    }

    /** For tests: reads {@code /proc/stat} below the given files' root, without OSHI. */
    static CpuTimes read(SystemFiles files, boolean useOshi) {
        long processNanos = readProcessCpuNanos();
        long stamp = System.nanoTime();
        Optional<long[]> fromProc = files.read("/proc/stat").flatMap(CpuTimes::parseProcStat);
        if (fromProc.isPresent()) {
            long[] t = fromProc.get();
            return new CpuTimes(t[0], t[1], (int) t[2], processNanos, stamp,
                    processNanos < 0 ? "this JVM's CPU time: not supported by its OperatingSystemMXBean" : null);
        }
        if (useOshi) {
            try {
                CentralProcessor processor = new SystemInfo().getHardware().getProcessor();
                long[] ticks = processor.getSystemCpuLoadTicks();
                long busy = 0;
                long total = 0;
                for (CentralProcessor.TickType type : CentralProcessor.TickType.values()) {
                    long value = Math.max(0, ticks[type.getIndex()]);
                    total += value;
                    if (type != CentralProcessor.TickType.IDLE && type != CentralProcessor.TickType.IOWAIT) {
                        busy += value;
                    }
                }
                int cpus = Math.max(0, processor.getLogicalProcessorCount());
                if (total > 0 && cpus > 0) {
                    return new CpuTimes(busy, total, cpus, processNanos, stamp,
                            processNanos < 0 ? "this JVM's CPU time: not supported by its OperatingSystemMXBean" : null);
                }
            } catch (Throwable e) { // OSHI needs JNA natives; a LinkageError must not fail a test run
                return new CpuTimes(UNKNOWN, UNKNOWN, 0, processNanos, stamp, "system CPU ticks: /proc/stat unreadable, OSHI: " + e);
            }
        }
        return new CpuTimes(UNKNOWN, UNKNOWN, 0, processNanos, stamp, "system CPU ticks: /proc/stat unreadable");
    }

    /**
     * Parses the {@code cpu} line of {@code /proc/stat}.
     *
     * @return {busy ticks, total ticks, number of {@code cpuN} lines}, empty when the text has no
     *     well-formed {@code cpu} line with at least the four fields user, nice, system and idle
     */
    static Optional<long[]> parseProcStat(String text) {
        long[] fields = null;
        int cpus = 0;
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].equals("cpu")) {
                fields = new long[10];
                int n = Math.min(parts.length - 1, fields.length);
                if (n < 4) {
                    return Optional.empty();
                }
                try {
                    for (int i = 0; i < n; i++) {
                        fields[i] = Long.parseLong(parts[i + 1]);
                        if (fields[i] < 0) {
                            return Optional.empty();
                        }
                    }
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            } else if (parts[0].startsWith("cpu") && parts[0].length() > 3 && parts[0].substring(3).chars().allMatch(Character::isDigit)) {
                cpus++;
            }
        }
        if (fields == null || cpus == 0) {
            return Optional.empty();
        }
        // user nice system idle iowait irq softirq steal guest guest_nice; guest* are already inside user/nice
        long idle = fields[3] + fields[4];
        long busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return Optional.of(new long[] {busy, busy + idle, cpus});
    }

    private static long readProcessCpuNanos() {
        try {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                long nanos = sun.getProcessCpuTime();
                return nanos < 0 ? UNKNOWN : nanos;
            }
        } catch (Throwable e) {
            // unknown below
        }
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return known() ? String.format(Locale.ROOT, "busy %d of %d ticks on %d CPUs, this JVM %d ns CPU", systemBusyTicks,
                systemTotalTicks, systemCpus, processCpuNanos) : "unknown (" + unknownReason + ")";
    }
}
