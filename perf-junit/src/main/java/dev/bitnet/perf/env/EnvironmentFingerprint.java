package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code EnvironmentFingerprint} encapsulates what is known about the machine and JVM a
 * performance test ran on. Anything that could not be read is {@code "unknown"} (strings),
 * {@code 0} (counts), or {@code null} (limits), and named in {@link #unknown()}.
 *
 * <p>The {@linkplain EnvironmentClass environment class} is derived from the stable subset of
 * these fields; load averages and the governor are recorded but never part of the class.
 *
 * @param cpuVendor CPU vendor, e.g. {@code "AuthenticAMD"}
 * @param cpuModel CPU model name, e.g. {@code "AMD EPYC 9654 96-Core Processor"}
 * @param cpuMicroarchitecture OSHI's micro-architecture guess, e.g. {@code "Zen 4"}
 * @param physicalCores physical cores, {@code 0} when unknown
 * @param logicalCores logical processors (hardware threads), {@code 0} when unknown
 * @param availableProcessors {@link Runtime#availableProcessors()} of this JVM (honours cpusets
 *     and container limits)
 * @param memoryBytes physical memory, {@code 0} when unknown
 * @param osFamily OS family, e.g. {@code "Debian GNU/Linux"} or {@code "Linux"}
 * @param osVersion OS version text
 * @param arch JVM {@code os.arch}, e.g. {@code "amd64"}
 * @param gpus graphics cards, never {@code null} but potentially empty
 * @param cpuFeatures notable CPU feature flags such as {@code avx2}, {@code avx512f}, {@code avx512_vnni}
 * @param javaVersion {@code java.runtime.version}
 * @param javaFeatureVersion the JDK feature release, e.g. {@code 17}
 * @param jvmName {@code java.vm.name}
 * @param jvmVendor {@code java.vm.vendor}
 * @param jvmFlags the JVM's input arguments
 * @param vectorSpecies the Vector API's preferred species, or {@code "unknown: ..."} with the reason
 * @param cgroup the cgroup CPU and memory limits
 * @param cpuGovernor the CPU frequency governor of CPU 0, or {@code "unknown"}
 * @param loadAtStart the load average when the fingerprint was taken
 * @param unknown one line per piece of information that could not be read, and why
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EnvironmentFingerprint(
        String cpuVendor,
        String cpuModel,
        String cpuMicroarchitecture,
        int physicalCores,
        int logicalCores,
        int availableProcessors,
        long memoryBytes,
        String osFamily,
        String osVersion,
        String arch,
        List<Gpu> gpus,
        List<String> cpuFeatures,
        String javaVersion,
        int javaFeatureVersion,
        String jvmName,
        String jvmVendor,
        List<String> jvmFlags,
        String vectorSpecies,
        CgroupLimits cgroup,
        String cpuGovernor,
        LoadAverage loadAtStart,
        List<String> unknown) {

    public static final String UNKNOWN = "unknown";

    public EnvironmentFingerprint {
        Objects.requireNonNull(cpuVendor, "cpuVendor must not be null");
        Objects.requireNonNull(cpuModel, "cpuModel must not be null");
        Objects.requireNonNull(cpuMicroarchitecture, "cpuMicroarchitecture must not be null");
        Objects.requireNonNull(osFamily, "osFamily must not be null");
        Objects.requireNonNull(osVersion, "osVersion must not be null");
        Objects.requireNonNull(arch, "arch must not be null");
        Objects.requireNonNull(javaVersion, "javaVersion must not be null");
        Objects.requireNonNull(jvmName, "jvmName must not be null");
        Objects.requireNonNull(jvmVendor, "jvmVendor must not be null");
        Objects.requireNonNull(vectorSpecies, "vectorSpecies must not be null");
        Objects.requireNonNull(cgroup, "cgroup must not be null");
        Objects.requireNonNull(cpuGovernor, "cpuGovernor must not be null");
        Objects.requireNonNull(loadAtStart, "loadAtStart must not be null");
        if (physicalCores < 0 || logicalCores < 0 || availableProcessors < 1 || memoryBytes < 0) {
            throw new IllegalArgumentException("core counts and memory must not be negative: physicalCores="
                    + physicalCores + ", logicalCores=" + logicalCores + ", availableProcessors="
                    + availableProcessors + ", memoryBytes=" + memoryBytes);
        }
        gpus = List.copyOf(gpus);
        cpuFeatures = List.copyOf(cpuFeatures);
        jvmFlags = List.copyOf(jvmFlags);
        unknown = List.copyOf(unknown);
    }

    /**
     * The CPUs this JVM can use: the smallest of the logical processors, the JVM's available
     * processors and the cgroup CPU quota (rounded up), at least 1.
     */
    public int effectiveCpus() {
        int cpus = availableProcessors;
        if (logicalCores > 0) {
            cpus = Math.min(cpus, logicalCores);
        }
        @Nullable Double quota = cgroup.cpuLimit();
        if (quota != null) {
            cpus = Math.min(cpus, (int) Math.ceil(quota));
        }
        return Math.max(1, cpus);
    }

    /** The memory this process can use: physical memory, capped by the cgroup limit; 0 when unknown. */
    public long effectiveMemoryBytes() {
        @Nullable Long limit = cgroup.memoryLimitBytes();
        if (limit != null && (memoryBytes == 0 || limit < memoryBytes)) {
            return limit;
        }
        return memoryBytes;
    }

    public boolean hasGpu() {
        return !gpus.isEmpty();
    }

    public boolean hasCpuFeature(String flag) {
        return cpuFeatures.contains(flag);
    }

    /** This fingerprint's environment class. */
    public EnvironmentClass environmentClass() {
        return EnvironmentClass.of(this);
    }
}
