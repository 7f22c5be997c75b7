package dev.bitnet.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitnet.engine.model.Activation;
import dev.bitnet.engine.model.KvCacheType;
import dev.bitnet.engine.model.ModelConfig;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.model.Sequence;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole forward pass on the device against {@link ReferenceForward}, which agrees with the CPU
 * runner to about 1e-7 of the largest logit: greedy tokens and logits as {@link Parity} states.
 */
@Tag("gpu")
@DisplayName("CudaModelRunner")
class CudaModelRunnerTests {

    /** Relative to max |logit|, for single comparisons: see {@link Parity}. */
    static final double LOGIT_TOLERANCE = Parity.STEP_TOLERANCE;

    private static RunnerOptions options(KvCacheType kv, int maxBatch) {
        return RunnerOptions.defaults(1).withKvCache(kv).withMaxBatchTokens(maxBatch);
    }

    private static void assertClose(float[] gpu, float[] ref, String what) {
        float max = 0f;
        for (float v : ref) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            worst = Math.max(worst, Math.abs(gpu[i] - ref[i]));
        }
        System.out.printf(java.util.Locale.ROOT, "[parity] %s: max |gpu - reference| / max |logit| = %.3g%n", what,
                worst / max);
        assertThat(worst / max).as("%s: max |gpu - ref| = %s over max |logit| %s", what, worst, max)
                .isLessThanOrEqualTo(LOGIT_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Activation.class)
    @DisplayName("greedy decoding gives the reference's tokens and close logits")
    void greedyDecodingMatchesTheReference(Activation activation) {
        Gpu.assumeGpu();
        ModelConfig c = Synthetic.tinyConfig(activation);
        try (Arena arena = Arena.ofShared()) {
            HostModel host = Synthetic.model(arena, c, 42 + activation.ordinal());
            ReferenceForward ref = new ReferenceForward(host, 64, true);
            try (CudaModelRunner gpu = CudaModelRunner.open(0, host, options(KvCacheType.F16, 16));
                    Sequence seq = gpu.newSequence(64)) {
                int[] prompt = {1, 17, 300, 5, 511};
                Parity parity = new Parity(activation.name());
                float[] logits = new float[c.vocab()];
                int next = 0;
                for (int t : prompt) {
                    gpu.forward(seq, new int[] {t}, logits);
                    next = parity.step(logits, ref.forward(t, true), "prompt token " + t);
                }
                // both sides are fed the reference's token, so that one near-tie cannot cascade
                for (int step = 0; step < 24; step++) {
                    if (step % 2 == 0) {
                        int g = gpu.forwardGreedy(seq, new int[] {next});
                        float[] r = ref.forward(next, true);
                        int refNext = ReferenceForward.argmax(r);
                        if (g != refNext) {
                            float[] top = r.clone();
                            top[refNext] = Float.NEGATIVE_INFINITY;
                            assertThat(g).as("greedy step %d: device argmax %d, reference %d", step, g, refNext)
                                    .isEqualTo(ReferenceForward.argmax(top));
                        }
                        next = refNext;
                    } else {
                        gpu.forward(seq, new int[] {next}, logits);
                        next = parity.step(logits, ref.forward(next, true), "step " + step);
                    }
                }
                parity.assertFirstStepExact();
                assertThat(seq.length()).isEqualTo(prompt.length + 24);
            }
        }
    }


    @ParameterizedTest(name = "{0} cache")
    @EnumSource(KvCacheType.class)
    @DisplayName("a prompt processed in one batched step (in chunks) matches token-by-token reference processing")
    void prefillMatchesTheReference(KvCacheType kv) {
        Gpu.assumeGpu();
        ModelConfig c = Synthetic.tinyConfig(Activation.RELU2);
        try (Arena arena = Arena.ofShared()) {
            HostModel host = Synthetic.model(arena, c, 7);
            ReferenceForward ref = new ReferenceForward(host, 64, kv == KvCacheType.F16);
            int[] prompt = new int[21];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = (i * 37 + 11) % c.vocab();
            }
            try (CudaModelRunner gpu = CudaModelRunner.open(0, host, options(kv, 8));
                    Sequence seq = gpu.newSequence(64)) {
                float[] logits = new float[c.vocab()];
                gpu.forward(seq, prompt, logits);     // 21 tokens in chunks of 8, 8, 5
                float[] refLogits = null;
                for (int t : prompt) {
                    refLogits = ref.forward(t, false);
                }
                assertClose(logits, refLogits, "prefill");
                assertThat(ReferenceForward.argmax(logits)).isEqualTo(ReferenceForward.argmax(refLogits));
                assertThat(seq.length()).isEqualTo(prompt.length);
            }
        }
    }

    @Test
    @DisplayName("a batched decode step gives each sequence the logits of its own single step")
    void batchedDecodeEqualsSingleSteps() {
        Gpu.assumeGpu();
        ModelConfig c = Synthetic.tinyConfig(Activation.RELU2);
        try (Arena arena = Arena.ofShared();
                CudaModelRunner gpu = CudaModelRunner.open(0, Synthetic.model(arena, c, 3), options(KvCacheType.F16, 8))) {
            int[][] prompts = {{1, 2, 3}, {400, 5}, {9, 9, 9, 9, 9, 9}};
            int[] next = {10, 20, 30};
            Sequence[] batch = new Sequence[3];
            Sequence[] single = new Sequence[3];
            float[][] batchLogits = new float[3][c.vocab()];
            float[][] singleLogits = new float[3][c.vocab()];
            try {
                for (int i = 0; i < 3; i++) {
                    batch[i] = gpu.newSequence(32);
                    single[i] = gpu.newSequence(32);
                    gpu.forward(batch[i], prompts[i], new float[c.vocab()]);
                    gpu.forward(single[i], prompts[i], new float[c.vocab()]);
                }
                gpu.forwardBatch(batch, next, batchLogits);
                for (int i = 0; i < 3; i++) {
                    gpu.forward(single[i], new int[] {next[i]}, singleLogits[i]);
                    assertClose(batchLogits[i], singleLogits[i], "sequence " + i);
                    assertThat(batch[i].length()).isEqualTo(prompts[i].length + 1);
                }
                int[] greedy = gpu.forwardBatchGreedy(batch, next);
                for (int i = 0; i < 3; i++) {
                    assertThat(greedy[i]).isEqualTo(gpu.forwardGreedy(single[i], new int[] {next[i]}));
                }
            } finally {
                for (int i = 0; i < 3; i++) {
                    if (batch[i] != null) {
                        batch[i].close();
                    }
                    if (single[i] != null) {
                        single[i].close();
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("decode steps replayed as a CUDA graph give exactly the logits of direct launches")
    void graphReplayEqualsDirectLaunches() {
        Gpu.assumeGpu();
        ModelConfig c = Synthetic.tinyConfig(Activation.RELU2);
        String previous = System.getProperty(CudaModelRunner.GRAPHS_PROPERTY);
        try (Arena arena = Arena.ofShared()) {
            HostModel host = Synthetic.model(arena, c, 21);
            System.setProperty(CudaModelRunner.GRAPHS_PROPERTY, "false");
            try (CudaModelRunner direct = CudaModelRunner.open(0, host, options(KvCacheType.F16, 8));
                    Sequence ds = direct.newSequence(300)) {
                System.setProperty(CudaModelRunner.GRAPHS_PROPERTY, "true");
                try (CudaModelRunner graphs = CudaModelRunner.open(0, host, options(KvCacheType.F16, 8));
                        Sequence gs = graphs.newSequence(300)) {
                    assertThat(graphs.description()).contains("CUDA graphs");
                    assertThat(direct.description()).contains("no graphs");
                    float[] dl = new float[c.vocab()];
                    float[] gl = new float[c.vocab()];
                    direct.forward(ds, new int[] {1, 2, 3}, dl);
                    graphs.forward(gs, new int[] {1, 2, 3}, gl);
                    int token = 4;
                    for (int step = 0; step < 270; step++) {       // crosses the 256-position graph bucket
                        direct.forward(ds, new int[] {token}, dl);
                        graphs.forward(gs, new int[] {token}, gl);
                        assertThat(gl).as("step %d", step).isEqualTo(dl);
                        token = ReferenceForward.argmax(dl);
                    }
                }
            }
        } finally {
            if (previous == null) {
                System.clearProperty(CudaModelRunner.GRAPHS_PROPERTY);
            } else {
                System.setProperty(CudaModelRunner.GRAPHS_PROPERTY, previous);
            }
        }
    }

    @Test
    @DisplayName("many generations leak no device memory")
    void manyGenerationsLeakNoDeviceMemory() {
        Gpu.assumeGpu();
        ModelConfig c = Synthetic.tinyConfig(Activation.RELU2);
        try (Arena arena = Arena.ofShared();
                CudaModelRunner gpu = CudaModelRunner.open(0, Synthetic.model(arena, c, 11), options(KvCacheType.F16, 16))) {
            CudaContext ctx = gpu.context();
            // one warm-up generation so that lazily created driver state is counted before
            generate(gpu, 0);
            long allocatedBefore = ctx.allocatedBytes();
            int countBefore = ctx.allocationCount();
            long freeBefore = ctx.memoryInfo()[0];
            for (int g = 1; g <= 60; g++) {
                generate(gpu, g);
            }
            assertThat(ctx.allocatedBytes()).isEqualTo(allocatedBefore);
            assertThat(ctx.allocationCount()).isEqualTo(countBefore);
            long freeAfter = ctx.memoryInfo()[0];
            assertThat(Math.abs(freeAfter - freeBefore)).as("cuMemGetInfo free bytes before %s, after %s", freeBefore,
                    freeAfter).isLessThanOrEqualTo(2L << 20);
        }
    }

    private static void generate(CudaModelRunner gpu, int g) {
        try (Sequence seq = gpu.newSequence(48)) {
            int token = gpu.forwardGreedy(seq, new int[] {g % 500, (g * 7) % 500, 3, 4});
            for (int i = 0; i < 12; i++) {
                token = gpu.forwardGreedy(seq, new int[] {token});
            }
        }
    }

    @Test
    @DisplayName("rejects foreign sequences, bad token ids and overflowing prompts, leaving the sequence unchanged")
    void rejectsBadInput() {
        Gpu.assumeGpu();
        ModelConfig c = Synthetic.tinyConfig(Activation.RELU2);
        try (Arena arena = Arena.ofShared();
                CudaModelRunner gpu = CudaModelRunner.open(0, Synthetic.model(arena, c, 5), options(KvCacheType.F16, 4));
                Sequence seq = gpu.newSequence(4)) {
            float[] logits = new float[c.vocab()];
            assertThatThrownBy(() -> gpu.forward(seq, new int[] {c.vocab()}, logits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("token id must be within [0, 512) but tokens[0] was: 512");
            assertThatThrownBy(() -> gpu.forward(seq, new int[] {1, 2, 3, 4, 5}, logits))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 4 more tokens");
            assertThatThrownBy(() -> gpu.forward(seq, new int[] {1}, new float[3]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 512 logits");
            assertThatThrownBy(() -> gpu.newSequence(c.contextLength() + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens must be within");
            assertThat(seq.length()).isZero();
            seq.close();
            assertThatThrownBy(() -> gpu.forward(seq, new int[] {1}, logits)).isInstanceOf(IllegalStateException.class);
        }
    }
}
