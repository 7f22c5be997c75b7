package dev.bitnet.perf.env;

import java.util.List;

/** Fixed fingerprints for tests of code that reads the environment. */
public final class TestFingerprints {
    private TestFingerprints() {}

    public static EnvironmentFingerprint of(String cpuModel, int cpus, long memoryGiB, List<Gpu> gpus, List<String> features,
            double loadOneMinute) {
        return new EnvironmentFingerprint("AuthenticAMD", cpuModel, "Zen 4", cpus, cpus, cpus, memoryGiB << 30, "Debian GNU/Linux",
                "12", "amd64", gpus, features, "17.0.15+6", 17, "OpenJDK 64-Bit Server VM", "Debian", List.of("-Xmx1g"),
                "unknown: test", new CgroupLimits(null, null, "unknown", List.of()), "unknown",
                LoadAverage.of(loadOneMinute, loadOneMinute, loadOneMinute, cpus), List.of());
    }

    /** The development machine: AMD EPYC, 2 CPUs, 24 GiB, no GPU, AVX-512, quiet. */
    public static EnvironmentFingerprint epyc2() {
        return of("AMD EPYC", 2, 24, List.of(), List.of("avx2", "avx512f", "avx512_vnni"), 0.2);
    }

    /** A 16-core GPU box. */
    public static EnvironmentFingerprint gpuBox() {
        return of("Intel(R) Xeon(R) Platinum 8480+ CPU @ 2.00GHz", 16, 128,
                List.of(new Gpu("NVIDIA", "NVIDIA H200", 141L << 30)), List.of("avx2", "avx512f", "amx_int8"), 1.0);
    }
}
