package dev.bitnet.perf.sample;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The JVM and operating-system readings the {@link Runner} takes around each call and iteration.
 * Every reading returns {@link CallSample#UNKNOWN} when this JVM or OS cannot provide it.
 *
 * <p>Sources: {@code com.sun.management.ThreadMXBean} for the current thread's CPU time and
 * allocated bytes; {@link GarbageCollectorMXBean}s summed over all collectors;
 * {@link MemoryMXBean} for heap in use; Linux {@code /proc/self/status} ({@code VmRSS},
 * {@code VmHWM}, in kB as proc(5) documents) for resident and peak resident set size.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Probes {

    private final java.lang.management.ThreadMXBean plainThreads;
    private final com.sun.management.@org.jspecify.annotations.Nullable ThreadMXBean threads;
    private final boolean cpuTime;
    private final boolean allocation;
    private final List<GarbageCollectorMXBean> collectors;
    private final MemoryMXBean memory;
    private final boolean procStatus;

    private Probes(boolean readProcStatus) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        this.plainThreads = bean;
        this.threads = bean instanceof com.sun.management.ThreadMXBean sun ? sun : null;
        this.cpuTime = bean.isCurrentThreadCpuTimeSupported() && bean.isThreadCpuTimeEnabled();
        this.allocation = threads != null && threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled();
        this.collectors = List.copyOf(ManagementFactory.getGarbageCollectorMXBeans());
        this.memory = ManagementFactory.getMemoryMXBean();
        this.procStatus = readProcStatus;
    }

    /** Readings of this JVM, including {@code /proc/self/status} where it exists. */
    public static Probes system() {
        return new Probes(true);
    }

    /** Readings of this JVM without resident-set sizes (they are then UNKNOWN). */
    public static Probes withoutProcessMemory() {
        return new Probes(false);
    }

    /** CPU time of the current thread in nanoseconds. */
    public long threadCpuNanos() {
        if (!cpuTime) {
            return CallSample.UNKNOWN;
        }
        long nanos = plainThreads.getCurrentThreadCpuTime();
        return nanos < 0 ? CallSample.UNKNOWN : nanos;
    }

    /** Heap bytes allocated by the current thread since it started. */
    public long threadAllocatedBytes() {
        if (!allocation || threads == null) {
            return CallSample.UNKNOWN;
        }
        long bytes = threads.getCurrentThreadAllocatedBytes();
        return bytes < 0 ? CallSample.UNKNOWN : bytes;
    }

    /** Collections so far, summed over all collectors. */
    public long gcCount() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            long count = gc.getCollectionCount();
            if (count > 0) {
                sum += count;
            }
        }
        return sum;
    }

    /** Approximate accumulated collection time so far in milliseconds, summed over all collectors. */
    public long gcTimeMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            long time = gc.getCollectionTime();
            if (time > 0) {
                sum += time;
            }
        }
        return sum;
    }

    public long heapUsedBytes() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * Resident and peak resident set size of this process, in bytes.
     *
     * @return {@code {rss, peak}}, each UNKNOWN where the OS does not say
     */
    public long[] residentSetBytes() {
        long[] out = {CallSample.UNKNOWN, CallSample.UNKNOWN};
        ProcStatus status = procStatus ? ProcStatus.instance() : null;
        if (status != null) {
            status.read(out);
        }
        return out;
    }

    /** Parses a proc(5) line such as {@code VmRSS:\t  123456 kB} of {@code status} into bytes. */
    static long kilobytesField(String status, String field) {
        byte[] bytes = status.getBytes(StandardCharsets.US_ASCII);
        return ProcStatus.kilobytesField(bytes, bytes.length, field.getBytes(StandardCharsets.US_ASCII));
    }
}
