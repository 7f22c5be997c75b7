package dev.bitnet.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitnet.engine.cuda.CudaAvailability;
import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.engine.kernel.I2sMatrix;
import dev.bitnet.engine.kernel.QuantizedVector;
import dev.bitnet.engine.kernel.ScalarTernaryKernel;
import dev.bitnet.engine.kernel.TernaryKernel;
import dev.bitnet.engine.kernel.VectorTernaryKernel;
import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.perf.stats.SortedSample;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;

/**
 * Example: speed-ups asserted as ratios measured in the same run, so that the assertion holds on a
 * slow CI runner and a fast workstation alike. Each side is timed in alternating rounds (scalar,
 * vector, scalar, vector, ...) so that a burst of noise hits both, and the medians are compared with
 * perf-junit's statistics core ({@link SortedSample}).
 *
 * <p>The bounds are deliberately below the figures the benchmark prints on our 2-core machine
 * (bitnet bench / KernelBenchmark: about 40× on 2560×6912), so that only a real loss of
 * vectorisation fails them.
 */
@DisplayName("Kernel speed-ups, measured in the same run")
class KernelSpeedupTest {
    private static final int ROWS = 2560;
    private static final int COLS = 6912;
    private static Arena arena;
    private static I2sMatrix matrix;
    private static QuantizedVector activations;

    @BeforeAll
    static void ternaryMatrix() {
        arena = Arena.ofShared();
        long codeBytes = (long) ROWS * COLS / 4;
        MemorySegment packed = arena.allocate(codeBytes + 32, 64);
        SplittableRandom random = new SplittableRandom(7);
        for (long i = 0; i < codeBytes; i++) {
            // Four random codes in {0, 1, 2} per byte: the I2_S encoding of {-1, 0, +1}.
            int b = 0;
            for (int k = 0; k < 4; k++) {
                b = (b << 2) | random.nextInt(3);
            }
            packed.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) b);
        }
        packed.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, codeBytes, 0.75f);
        matrix = I2sMatrix.of(packed, ROWS, COLS);
        float[] x = new float[COLS];
        for (int i = 0; i < COLS; i++) {
            x[i] = (float) random.nextGaussian();
        }
        activations = new QuantizedVector(COLS);
        activations.quantize(x, 0);
    }

    @AfterAll
    static void free() {
        arena.close();
    }

    @Test
    @DisplayName("Vector API I2_S matvec is at least 8× the scalar reference on 2560×6912")
    void vectorKernelBeatsScalarReference(TestReporter reporter) {
        float[] scalarOut = new float[ROWS];
        float[] vectorOut = new float[ROWS];
        int rounds = SuiteSettings.fullSuite() ? 15 : 7;
        double[] scalarMillis = new double[rounds];
        double[] vectorMillis = new double[rounds];
        // Warm-up so that both kernels are compiled before timing.
        for (int i = 0; i < 3; i++) {
            time(ScalarTernaryKernel.INSTANCE, scalarOut);
            for (int j = 0; j < 20; j++) {
                time(VectorTernaryKernel.INSTANCE, vectorOut);
            }
        }
        for (int round = 0; round < rounds; round++) {
            scalarMillis[round] = time(ScalarTernaryKernel.INSTANCE, scalarOut);
            vectorMillis[round] = time(VectorTernaryKernel.INSTANCE, vectorOut);
        }

        assertThat(floatBits(vectorOut)).as("vector kernel output, bit for bit").isEqualTo(floatBits(scalarOut));
        double speedup = SortedSample.of(scalarMillis).median() / SortedSample.of(vectorMillis).median();
        reporter.publishEntry("kernel.speedup.vector_over_scalar", String.format(Locale.ROOT, "%.1f", speedup));
        assertThat(speedup).as("median scalar time / median vector time").isGreaterThanOrEqualTo(8.0);
    }

    @Test
    @DisplayName("CUDA generation beats the CPU on the same model (GPU machines only)")
    void cudaBeatsCpu(TestInfo info, TestReporter reporter) {
        CudaAvailability cuda = CudaAvailability.probe();
        assumeTrue(cuda.usable(), () -> "no usable CUDA device: " + cuda.reason());
        GenerationConfig config = GenerationConfig.greedy(64).withStopAtEos(false);
        double cpu;
        double gpu;
        int[] cpuTokens;
        int[] gpuTokens;
        try (InferenceEngine engine = InferenceEngine.open(Engines.model(SuiteSettings.preset()), SuiteSettings.weights(),
                Backend.CPU, RunnerOptions.defaults(SuiteSettings.threads()))) {
            engine.generate("warm up", config);
            var result = engine.generate("The quick brown fox", config);
            cpu = result.timings().tokensPerSecond();
            cpuTokens = result.generatedTokenIds();
        }
        try (InferenceEngine engine = InferenceEngine.open(Engines.model(SuiteSettings.preset()), SuiteSettings.weights(),
                Backend.CUDA, RunnerOptions.defaults(SuiteSettings.threads()))) {
            engine.generate("warm up", config);
            var result = engine.generate("The quick brown fox", config);
            gpu = result.timings().tokensPerSecond();
            gpuTokens = result.generatedTokenIds();
        }
        reporter.publishEntry("kernel.speedup.cuda_over_cpu", String.format(Locale.ROOT, "%.1f", gpu / cpu));
        assertThat(gpuTokens).as("greedy tokens on CUDA vs CPU").isEqualTo(cpuTokens);
        assertThat(gpu / cpu).as("CUDA tokens/s over CPU tokens/s").isGreaterThan(1.0);
    }

    private static double time(TernaryKernel kernel, float[] out) {
        long start = System.nanoTime();
        kernel.matvec(matrix, activations, out, 0);
        return (System.nanoTime() - start) / 1e6;
    }

    private static int[] floatBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
