package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code CgroupLimits} holds the CPU and memory limits of the control group this process runs
 * in (cgroup v2 {@code cpu.max} / {@code memory.max}, or v1 {@code cpu.cfs_quota_us} /
 * {@code memory.limit_in_bytes}).
 *
 * @param cpuLimit CPUs allowed by the quota (quota / period), {@code null} when unlimited or unknown
 * @param memoryLimitBytes the memory limit, {@code null} when unlimited or unknown
 * @param version {@code "v2"}, {@code "v1"} or {@code "unknown"}
 * @param notes what could not be read, never {@code null}
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CgroupLimits(@Nullable Double cpuLimit, @Nullable Long memoryLimitBytes, String version, List<String> notes) {
    /** cgroup v1 writes "no limit" as a page-aligned Long.MAX_VALUE; anything above 2^62 counts as unlimited. */
    private static final long UNLIMITED_ABOVE = 1L << 62;

    public CgroupLimits {
        notes = List.copyOf(notes);
    }

    static CgroupLimits read(SystemFiles files) {
        List<String> notes = new ArrayList<>();
        String selfCgroup = files.read("/proc/self/cgroup").orElse("");
        String v2Path = "";
        String cpuV1Path = "";
        String memoryV1Path = "";
        for (String line : selfCgroup.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2];
            }
            for (String controller : parts[1].split(",")) {
                if (controller.equals("cpu")) {
                    cpuV1Path = parts[2];
                } else if (controller.equals("memory")) {
                    memoryV1Path = parts[2];
                }
            }
        }
        Optional<String> cpuMax = firstReadable(files, "/sys/fs/cgroup" + v2Path + "/cpu.max", "/sys/fs/cgroup/cpu.max");
        Optional<String> memoryMax = firstReadable(files, "/sys/fs/cgroup" + v2Path + "/memory.max", "/sys/fs/cgroup/memory.max");
        if (cpuMax.isPresent() || memoryMax.isPresent()) {
            Double cpus = cpuMax.flatMap(CgroupLimits::parseCpuMax).orElse(null);
            Long memory = memoryMax.flatMap(CgroupLimits::parseBytes).orElse(null);
            if (cpuMax.isEmpty()) {
                notes.add("cgroup v2 cpu.max not readable");
            }
            if (memoryMax.isEmpty()) {
                notes.add("cgroup v2 memory.max not readable");
            }
            return new CgroupLimits(cpus, memory, "v2", notes);
        }
        Optional<String> quota = firstReadable(files, "/sys/fs/cgroup/cpu" + cpuV1Path + "/cpu.cfs_quota_us",
                "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us");
        Optional<String> period = firstReadable(files, "/sys/fs/cgroup/cpu" + cpuV1Path + "/cpu.cfs_period_us",
                "/sys/fs/cgroup/cpu/cpu.cfs_period_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us");
        Optional<String> memoryLimit = firstReadable(files, "/sys/fs/cgroup/memory" + memoryV1Path + "/memory.limit_in_bytes",
                "/sys/fs/cgroup/memory/memory.limit_in_bytes");
        if (quota.isEmpty() && memoryLimit.isEmpty()) {
            notes.add("no cgroup v1 or v2 limit files readable");
            return new CgroupLimits(null, null, "unknown", notes);
        }
        Double cpus = null;
        if (quota.isPresent() && period.isPresent()) {
            cpus = parseQuota(quota.get(), period.get()).orElse(null);
        } else {
            notes.add("cgroup v1 cpu.cfs_quota_us/cpu.cfs_period_us not readable");
        }
        Long memory = memoryLimit.flatMap(CgroupLimits::parseBytes).orElse(null);
        if (memoryLimit.isEmpty()) {
            notes.add("cgroup v1 memory.limit_in_bytes not readable");
        }
        return new CgroupLimits(cpus, memory, "v1", notes);
    }

    private static Optional<String> firstReadable(SystemFiles files, String... paths) {
        for (String path : paths) {
            Optional<String> text = files.readTrimmed(path);
            if (text.isPresent()) {
                return text;
            }
        }
        return Optional.empty();
    }

    /** {@code "max 100000"} is unlimited; {@code "200000 100000"} is two CPUs. */
    static Optional<Double> parseCpuMax(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length < 1 || parts[0].equals("max")) {
            return Optional.empty();
        }
        return parseQuota(parts[0], parts.length > 1 ? parts[1] : "100000");
    }

    static Optional<Double> parseQuota(String quotaText, String periodText) {
        try {
            long quota = Long.parseLong(quotaText.trim());
            long period = Long.parseLong(periodText.trim());
            if (quota <= 0 || period <= 0) {
                return Optional.empty();
            }
            return Optional.of((double) quota / period);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> parseBytes(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("max")) {
            return Optional.empty();
        }
        try {
            long bytes = Long.parseLong(trimmed);
            return bytes <= 0 || bytes >= UNLIMITED_ABOVE ? Optional.empty() : Optional.of(bytes);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
