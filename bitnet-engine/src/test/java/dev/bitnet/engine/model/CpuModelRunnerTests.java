package dev.bitnet.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitnet.engine.gguf.WeightLoading;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CpuModelRunner")
class CpuModelRunnerTests {

    static BitNetModel model;

    @BeforeAll
    static void load() {
        model = BitNetModel.load(TestModels.relu2(), WeightLoading.MMAP);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    @DisplayName("a batched decode step gives bit-identical logits to single-sequence steps")
    void batchDecodeEqualsSingleDecode() {
        int[][] prompts = {{1, 2, 3}, {40, 41}, {300, 200, 100, 7, 8}};
        int[] next = {11, 22, 33};
        int vocab = model.config().vocab();
        try (CpuModelRunner runner = new CpuModelRunner(model, RunnerOptions.defaults(2))) {
            float[][] single = new float[3][vocab];
            for (int i = 0; i < 3; i++) {
                try (Sequence s = runner.newSequence(8)) {
                    runner.forward(s, prompts[i], new float[vocab]);
                    runner.forward(s, new int[] {next[i]}, single[i]);
                    runner.forward(s, new int[] {5}, single[i]);
                }
            }
            Sequence[] seqs = new Sequence[3];
            float[][] batch = new float[3][vocab];
            try {
                for (int i = 0; i < 3; i++) {
                    seqs[i] = runner.newSequence(8);
                    runner.forward(seqs[i], prompts[i], new float[vocab]);
                }
                runner.forwardBatch(seqs, next, batch);
                runner.forwardBatch(seqs, new int[] {5, 5, 5}, batch);
                for (int i = 0; i < 3; i++) {
                    assertThat(batch[i]).as("sequence %d", i).containsExactly(single[i]);
                    assertThat(seqs[i].length()).isEqualTo(prompts[i].length + 2);
                }
            } finally {
                for (Sequence s : seqs) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("a prompt gives the same logits in one batch, in chunks, and token by token")
    void prefillChunkingIsConsistent() {
        int[] prompt = {5, 9, 200, 31, 77, 400, 2, 3, 99};
        int vocab = model.config().vocab();
        float[] whole = new float[vocab];
        float[] chunked = new float[vocab];
        float[] wholeF32 = new float[vocab];
        float[] stepwiseF32 = new float[vocab];
        RunnerOptions f32 = RunnerOptions.defaults(1).withKvCache(KvCacheType.F32);
        try (CpuModelRunner a = new CpuModelRunner(model, RunnerOptions.defaults(1));
                CpuModelRunner b = new CpuModelRunner(model, RunnerOptions.defaults(2).withMaxBatchTokens(4));
                CpuModelRunner c = new CpuModelRunner(model, f32);
                Sequence sa = a.newSequence(16); Sequence sb = b.newSequence(16);
                Sequence sc = c.newSequence(16); Sequence sd = c.newSequence(16)) {
            a.forward(sa, prompt, whole);
            b.forward(sb, prompt, chunked);
            c.forward(sc, prompt, wholeF32);
            for (int t : prompt) {
                c.forward(sd, new int[] {t}, stepwiseF32);
            }
        }
        // chunks of a prompt follow the same arithmetic as one batch
        assertThat(chunked).containsExactly(whole);
        // without ggml's F16 roundings (which differ between prefill and decode) single steps give
        // the prompt's logits up to float summation order
        for (int i = 0; i < vocab; i++) {
            assertThat(stepwiseF32[i]).isCloseTo(wholeF32[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    @DisplayName("rejects foreign, closed and full sequences and bad token ids, naming the value")
    void rejectsMisuse() {
        try (CpuModelRunner runner = new CpuModelRunner(model, RunnerOptions.defaults(1));
                CpuModelRunner other = new CpuModelRunner(model, RunnerOptions.defaults(1))) {
            float[] logits = new float[model.config().vocab()];
            Sequence foreign = other.newSequence(4);
            assertThatThrownBy(() -> runner.forward(foreign, new int[] {1}, logits))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("created by this runner");
            Sequence s = runner.newSequence(3);
            assertThatThrownBy(() -> runner.forward(s, new int[] {1, 2, 3, 4}, logits))
                    .hasMessage("sequence has room for 3 more tokens (capacity 3, length 0) but was given: 4");
            assertThatThrownBy(() -> runner.forward(s, new int[] {1, -2}, logits))
                    .hasMessage("token id must be within [0, 512) but tokens[1] was: -2");
            assertThatThrownBy(() -> runner.forward(s, new int[] {1}, new float[10]))
                    .hasMessageContaining("room for 512 logits");
            assertThatThrownBy(() -> runner.newSequence(100_000)).hasMessageContaining("[1, 64]");
            assertThatThrownBy(() -> runner.forwardBatch(new Sequence[] {s, s}, new int[] {1, 2}, new float[2][512]))
                    .hasMessageContaining("are the same sequence");
            assertThat(s.length()).isZero();
            s.close();
            assertThatThrownBy(() -> runner.forward(s, new int[] {1}, logits)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            foreign.close();
        }
    }
}
