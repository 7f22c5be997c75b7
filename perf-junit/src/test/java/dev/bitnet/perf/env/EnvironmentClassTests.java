package dev.bitnet.perf.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Environment class")
class EnvironmentClassTests {
    @Test
    void slugOfTheDevelopmentMachine() {
        assertThat(TestFingerprints.epyc2().environmentClass().slug()).isEqualTo("amd-epyc-2c-24g-linux-x64-jdk17");
    }

    @Test
    void slugOfAGpuBox() {
        assertThat(TestFingerprints.gpuBox().environmentClass().slug())
                .isEqualTo("intel-xeon-platinum-8480-16c-128g-linux-x64-jdk17-gpu-nvidia-h200");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz | intel-xeon-platinum-8375c",
        "AMD EPYC 9654 96-Core Processor | amd-epyc-9654",
        "AMD Ryzen 9 7950X 16-Core Processor | amd-ryzen-9-7950x",
        "Apple M2 Pro | apple-m2-pro",
        "11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz | 11th-gen-intel-core",
        "AMD Ryzen 7 PRO 7840U w/ Radeon 780M Graphics | amd-ryzen-7-pro",
        "unknown | amd",
    })
    void cpuSlugs(String model, String slug) {
        assertThat(EnvironmentClass.cpuSlug(model, "AuthenticAMD")).isEqualTo(slug);
    }

    @Test
    void loadAndGovernorAreNotPartOfTheClass() {
        EnvironmentFingerprint quiet = TestFingerprints.of("AMD EPYC", 2, 24, List.of(), List.of(), 0.1);
        EnvironmentFingerprint loaded = TestFingerprints.of("AMD EPYC", 2, 24, List.of(), List.of(), 12.0);
        assertThat(loaded.loadAtStart().loaded()).isTrue();
        assertThat(quiet.loadAtStart().loaded()).isFalse();
        assertThat(loaded.environmentClass()).isEqualTo(quiet.environmentClass());
    }

    @Test
    void virtualDisplayAdaptersAreNotGpus() {
        EnvironmentFingerprint vm = TestFingerprints.of("AMD EPYC", 2, 24,
                List.of(new Gpu("Cirrus Logic", "GD 5446", 0), new Gpu("ASPEED Technology, Inc.", "ASPEED Graphics Family", 0)),
                List.of(), 0);
        assertThat(vm.environmentClass().slug()).isEqualTo("amd-epyc-2c-24g-linux-x64-jdk17");
        EnvironmentFingerprint twoGpus = TestFingerprints.of("AMD EPYC", 2, 24,
                List.of(new Gpu("NVIDIA Corporation", "NVIDIA GeForce RTX 4090", 0), new Gpu("NVIDIA Corporation", "NVIDIA GeForce RTX 4090", 0)),
                List.of(), 0);
        assertThat(twoGpus.environmentClass().slug()).endsWith("-gpu-2x-nvidia-rtx-4090");
    }

    @Test
    void cgroupLimitsShrinkTheClass() {
        EnvironmentFingerprint host = TestFingerprints.epyc2();
        EnvironmentFingerprint limited = new EnvironmentFingerprint(host.cpuVendor(), host.cpuModel(), host.cpuMicroarchitecture(), 2, 2, 2,
                host.memoryBytes(), host.osFamily(), host.osVersion(), host.arch(), host.gpus(), host.cpuFeatures(), host.javaVersion(), 17,
                host.jvmName(), host.jvmVendor(), host.jvmFlags(), host.vectorSpecies(),
                new CgroupLimits(1.5, 8L << 30, "v2", List.of()), "performance", host.loadAtStart(), List.of());
        assertThat(limited.effectiveCpus()).isEqualTo(2);
        assertThat(limited.environmentClass().slug()).isEqualTo("amd-epyc-2c-8g-linux-x64-jdk17");
    }
}
