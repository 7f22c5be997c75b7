package dev.bitnet.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.BitNetModel;
import dev.bitnet.engine.model.CpuModelRunner;
import dev.bitnet.engine.model.ModelRunner;
import dev.bitnet.engine.model.ModelRunners;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.model.Sequence;
import dev.bitnet.engine.synth.Preset;
import dev.bitnet.engine.synth.SyntheticModels;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CUDA runner inside the engine: backend selection, and greedy parity with the CPU runner on synthetic models. */
@DisplayName("CUDA backend against the CPU engine")
class CudaCpuParityTests {

    @TempDir
    static Path models;

    private static Path synth(Preset preset) throws IOException {
        Path file = models.resolve(preset.id() + ".gguf");
        if (!java.nio.file.Files.exists(file)) {
            SyntheticModels.write(preset, 1234, file);
        }
        return file;
    }

    @Test
    @DisplayName("--backend auto falls back to the CPU and says why when no GPU is usable")
    void autoFallsBackToTheCpuWithTheReason() throws IOException {
        CudaAvailability a = CudaAvailability.probe();
        try (BitNetModel model = BitNetModel.load(synth(Preset.TINY), WeightLoading.MEMORY)) {
            ModelRunners.Selection s = ModelRunners.open(model, Backend.AUTO, RunnerOptions.defaults(1));
            try (ModelRunner runner = s.runner()) {
                if (a.usable()) {
                    assertThat(s.backend()).isEqualTo(Backend.CUDA);
                    assertThat(runner).isInstanceOf(CudaModelRunner.class);
                } else {
                    assertThat(s.backend()).isEqualTo(Backend.CPU);
                    assertThat(runner).isInstanceOf(CpuModelRunner.class);
                    assertThat(s.reason()).contains(a.reason());
                }
            }
        }
    }

    @Test
    @DisplayName("--backend cuda without a usable GPU fails with the reason")
    void cudaWithoutAGpuFailsWithTheReason() throws IOException {
        CudaAvailability a = CudaAvailability.probe();
        assumeFalse(a.usable(), "this machine has a usable GPU: " + a);
        try (BitNetModel model = BitNetModel.load(synth(Preset.TINY), WeightLoading.MEMORY)) {
            assertThatThrownBy(() -> ModelRunners.open(model, Backend.CUDA, RunnerOptions.defaults(1)))
                    .isInstanceOf(ModelRunners.BackendUnavailableException.class).hasMessageContaining(a.reason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL"})
    @Tag("gpu")
    @DisplayName("greedy tokens equal the CPU engine's; logits agree closely")
    void greedyTokensEqualTheCpuEngine(Preset preset) throws IOException {
        Gpu.assumeGpu();
        try (BitNetModel model = BitNetModel.load(synth(preset), WeightLoading.MEMORY)) {
            RunnerOptions options = RunnerOptions.defaults(1);
            int vocab = model.config().vocab();
            // the CPU runner comes first: it rearranges the in-memory weights into its TILED_32 layout,
            // which the GPU upload must turn back into rows
            try (ModelRunner cpu = new CpuModelRunner(model, options);
                    ModelRunner gpu = new CudaModelRunnerProvider().open(model, options);
                    Sequence cs = cpu.newSequence(96);
                    Sequence gs = gpu.newSequence(96)) {
                // a 3-token prompt in one step, then tokens one at a time (decode steps)
                Parity parity = new Parity(preset.id());
                int[] prompt = {1, 17, 300};
                float[] cl = new float[vocab];
                float[] gl = new float[vocab];
                cpu.forward(cs, prompt, cl);
                gpu.forward(gs, prompt, gl);
                parity.step(gl, cl, "prompt");
                for (int t : new int[] {5, 42, 99, 7, 3, 1000, 2048, 11}) {
                    cpu.forward(cs, new int[] {t}, cl);
                    gpu.forward(gs, new int[] {t}, gl);
                    parity.step(gl, cl, "prompt token " + t);
                }
                // greedy continuation; both sides are fed the CPU's token
                int next = ReferenceForward.argmax(cl);
                for (int step = 0; step < 32; step++) {
                    cpu.forward(cs, new int[] {next}, cl);
                    gpu.forward(gs, new int[] {next}, gl);
                    next = parity.step(gl, cl, "step " + step);
                }
                parity.assertFirstStepExact();
            }
        }
    }

}
