package dev.bitnet.perf.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A small summary of the JVM and machine, written into every record until a richer environment
 * fingerprint replaces it through a {@link PipelineCustomizer}. Keys: {@code java.version},
 * {@code java.vendor}, {@code java.vm.name}, {@code os.name}, {@code os.version}, {@code os.arch},
 * {@code cpu.logicalCores}, {@code memory.totalBytes} (when the JVM reports it) and
 * {@code jvm.maxHeapBytes}.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EnvironmentSummary {

    private EnvironmentSummary() {}

    /** Reads the summary of the running JVM; each call reads afresh. */
    public static Map<String, Object> current() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java.version", System.getProperty("java.version", "unknown"));
        env.put("java.vendor", System.getProperty("java.vendor", "unknown"));
        env.put("java.vm.name", System.getProperty("java.vm.name", "unknown"));
        env.put("os.name", System.getProperty("os.name", "unknown"));
        env.put("os.version", System.getProperty("os.version", "unknown"));
        env.put("os.arch", System.getProperty("os.arch", "unknown"));
        env.put("cpu.logicalCores", Runtime.getRuntime().availableProcessors());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            env.put("memory.totalBytes", sun.getTotalMemorySize());
        }
        env.put("jvm.maxHeapBytes", Runtime.getRuntime().maxMemory());
        return env;
    }
}
