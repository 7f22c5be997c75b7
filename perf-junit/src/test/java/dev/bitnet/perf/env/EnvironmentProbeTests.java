package dev.bitnet.perf.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Environment probe")
class EnvironmentProbeTests {
    @Test
    @DisplayName("this machine's fingerprint is taken once, without errors, with a valid class")
    void realMachine() {
        EnvironmentFingerprint fp = EnvironmentProbe.current();
        assertThat(EnvironmentProbe.current()).isSameAs(fp);
        assertThat(fp.availableProcessors()).isPositive();
        assertThat(fp.javaFeatureVersion()).isGreaterThanOrEqualTo(17);
        assertThat(fp.environmentClass().slug()).matches("[a-z0-9][a-z0-9.-]*").contains("-jdk" + Runtime.version().feature());
        assertThat(EnvironmentProbe.loadAverageNow().effectiveCpus()).isEqualTo(fp.effectiveCpus());
    }

    @Test
    @DisplayName("an empty /proc and /sys give unknowns, never an exception")
    void emptyTree(@TempDir Path root) {
        EnvironmentFingerprint fp = EnvironmentProbe.probeFilesOnly(new SystemFiles(root));
        assertThat(fp.cpuModel()).isEqualTo("unknown");
        assertThat(fp.cpuGovernor()).isEqualTo("unknown");
        assertThat(fp.loadAtStart().known()).isFalse();
        assertThat(fp.unknown()).anyMatch(s -> s.startsWith("CPU model"))
                .anyMatch(s -> s.startsWith("CPU governor"))
                .anyMatch(s -> s.startsWith("load average"));
        assertThat(fp.environmentClass().slug()).startsWith("unknowncpu-");
    }

    @Test
    @DisplayName("reads cpuinfo, meminfo, cgroup v2 limits, governor and load from the files")
    void fakeTree(@TempDir Path root) throws IOException {
        write(root, "proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz\n"
                + "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512_vnni\n\nprocessor\t: 1\n");
        write(root, "proc/meminfo", "MemTotal:       16384000 kB\nMemFree: 1 kB\n");
        write(root, "proc/self/cgroup", "0::/user.slice/job\n");
        write(root, "sys/fs/cgroup/user.slice/job/cpu.max", "150000 100000\n");
        write(root, "sys/fs/cgroup/user.slice/job/memory.max", "4294967296\n");
        write(root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
        write(root, "proc/loadavg", "0.50 0.40 0.30 1/100 12345\n");
        write(root, "proc/driver/nvidia/gpus/0000:01:00.0/information", "Model: \t\t NVIDIA H100 80GB HBM3\nIRQ: 1\n");
        EnvironmentFingerprint fp = EnvironmentProbe.probeFilesOnly(new SystemFiles(root));
        assertThat(fp.cpuModel()).isEqualTo("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
        assertThat(fp.cpuFeatures()).containsExactly("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_vnni");
        assertThat(fp.logicalCores()).isEqualTo(2);
        assertThat(fp.memoryBytes()).isEqualTo(16384000L * 1024);
        assertThat(fp.cgroup().version()).isEqualTo("v2");
        assertThat(fp.cgroup().cpuLimit()).isEqualTo(1.5);
        assertThat(fp.cgroup().memoryLimitBytes()).isEqualTo(4L << 30);
        assertThat(fp.effectiveMemoryBytes()).isEqualTo(4L << 30);
        assertThat(fp.cpuGovernor()).isEqualTo("performance");
        assertThat(fp.loadAtStart().oneMinute()).isEqualTo(0.5);
        assertThat(fp.gpus()).containsExactly(new Gpu("NVIDIA", "NVIDIA H100 80GB HBM3", 0));
        assertThat(fp.environmentClass().slug()).contains("intel-xeon-gold-6338-").contains("-4g-").endsWith("-gpu-nvidia-h100-hbm3");
    }

    @Test
    @DisplayName("reads cgroup v1 limits from the process's own cgroup directory; 'no limit' is unknown")
    void cgroupV1(@TempDir Path root) throws IOException {
        write(root, "proc/self/cgroup", "4:memory:/process_api/abc\n1:cpu,cpuacct:/\n");
        write(root, "sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n");
        write(root, "sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
        write(root, "sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes", "2147483648\n");
        CgroupLimits limits = CgroupLimits.read(new SystemFiles(root));
        assertThat(limits.version()).isEqualTo("v1");
        assertThat(limits.cpuLimit()).isNull();
        assertThat(limits.memoryLimitBytes()).isEqualTo(2L << 30);
        assertThat(CgroupLimits.parseBytes("9223372036854771712")).isEmpty();
        assertThat(CgroupLimits.parseCpuMax("max 100000")).isEmpty();
    }

    @Test
    @DisplayName("the Vector API species is unknown, with the reason, when the incubator module is absent")
    void vectorSpecies() {
        String species = EnvironmentProbe.vectorSpecies();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            assertThat(species).matches("\\d+ bits \\(IntVector \\d+ lanes\\)");
        } else {
            assertThat(species).startsWith("unknown: jdk.incubator.vector not in this JVM");
        }
    }

    @Test
    void cpuFlagsFromOshiLines() {
        assertThat(CpuFeatures.fromOshi(java.util.List.of("flags: fpu avx2 AVX512F avx512_vnni"))).containsExactly("avx2", "avx512f", "avx512_vnni");
        assertThat(CpuFeatures.fromCpuinfo("Features\t: fp asimd asimddp sve\n")).containsExactly("asimd", "asimddp", "sve");
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
