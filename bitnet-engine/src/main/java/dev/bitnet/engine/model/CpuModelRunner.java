package dev.bitnet.engine.model;

import dev.bitnet.engine.kernel.FloatRowMatrix;
import dev.bitnet.engine.kernel.Int8RowMatrix;
import dev.bitnet.engine.kernel.KernelPool;
import dev.bitnet.engine.kernel.QuantizedVector;
import java.lang.foreign.Arena;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code CpuModelRunner} runs the BitNet forward pass on the CPU: ternary products on a
 * {@link KernelPool} (Vector API kernel, configurable threads), everything else in plain Java.
 *
 * <p>A prompt is processed as a batch: every ternary matrix is read once per chunk of up to
 * {@link RunnerOptions#maxBatchTokens()} tokens ({@code matmul}), which is why prompt processing is
 * several times faster per token than generation. {@link #forwardBatch} does the same across
 * sequences for batched decoding.
 *
 * <p>Thread safety: the runner owns one {@link State} and one pool, so forward steps are
 * serialized by a lock; several threads may call it, and their steps interleave whole. Sequences
 * are independent and may be created and closed concurrently.
 *
 * @since 0.1
 */
public final class CpuModelRunner implements ModelRunner {

    private final BitNetModel model;
    private final ModelConfig config;
    private final Weights w;
    private final RunnerOptions options;
    private final KernelPool pool;
    private final FloatRowMatrix head;
    private final Arena headArena;
    private final State s;
    private final AttentionTask attention;
    private final float ropeThetaScale;
    /** Query heads per unit of the attention section (see {@link Attention#headsPerUnit}). */
    private final int headsPerUnit;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    /**
     * Creates a runner with its own kernel pool of {@code options.threads()} threads.
     *
     * @param model   an open model; it must outlive the runner
     * @param options threads, head, cache precision, batch size
     */
    public CpuModelRunner(BitNetModel model, RunnerOptions options) {
        this.model = model;
        this.config = model.config();
        this.w = model.weights();
        this.options = options;
        // weights in memory: rearrange them once for the vector kernel's faster tiled layout
        model.useTiledLayout();
        // The int8 head lives in a shared arena (kernel-pool threads read it) owned by this runner.
        this.headArena = Arena.ofShared();
        this.head = switch (options.head()) {
            case EXACT -> w.output;
            case INT8 -> Int8RowMatrix.quantize(w.output, headArena);
        };
        this.headsPerUnit = Attention.headsPerUnit(config.kvHeads(), config.kvMul(), options.threads());
        this.s = new State(config, options.maxBatchTokens());
        this.attention = new AttentionTask();
        this.ropeThetaScale = Numerics.ropeThetaScale(config.ropeTheta(), config.headDim());
        this.pool = new KernelPool(options.threads());
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** @return the options the runner was created with */
    public RunnerOptions options() {
        return options;
    }

    /** @return the model this runner computes */
    public BitNetModel model() {
        return model;
    }

    /** @return the output head in use (the model's matrix, or its int8 copy) */
    public FloatRowMatrix head() {
        return head;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "cpu (%d threads, %s head, %s KV cache, %s weights, %s ternary layout)",
                options.threads(), options.head().name().toLowerCase(Locale.ROOT), options.kvCache(),
                model.loading().name().toLowerCase(Locale.ROOT), w.wq[0].layout().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public Sequence newSequence(int maxTokens) {
        checkOpen();
        if (maxTokens < 1 || maxTokens > config.contextLength()) {
            throw new IllegalArgumentException("maxTokens must be within [1, " + config.contextLength()
                    + "] (the model's context length) but was: " + maxTokens);
        }
        return new CpuSequence(this, config.layers(), maxTokens, config.kvHeads(), config.headDim(), options.kvCache());
    }

    // ------------------------------------------------------------------------------------ API entry

    @Override
    public void forward(Sequence seq, int[] tokens, float[] logits) {
        CpuSequence cs = own(seq, "seq");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("tokens must not be empty");
        }
        checkTokens(tokens);
        checkLogits(logits, "logits");
        if (tokens.length > cs.remaining()) {
            throw new IllegalArgumentException("sequence has room for " + cs.remaining() + " more tokens (capacity "
                    + cs.capacity() + ", length " + cs.length() + ") but was given: " + tokens.length);
        }
        lock.lock();
        try {
            checkOpen();
            int chunk = options.maxBatchTokens();
            for (int from = 0; from < tokens.length; from += chunk) {
                int count = Math.min(chunk, tokens.length - from);
                int start = cs.length();
                for (int b = 0; b < count; b++) {
                    s.token[b] = tokens[from + b];
                    s.rowSeq[b] = cs;
                    s.rowPos[b] = start + b;
                }
                boolean last = from + count == tokens.length;
                forwardRows(count, tokens.length == 1, last ? count - 1 : -1, last ? new float[][] {logits} : null);
                cs.advance(count);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forwardBatch(Sequence[] seqs, int[] tokens, float[][] logits) {
        if (seqs.length != tokens.length || seqs.length != logits.length) {
            throw new IllegalArgumentException("need one token and one logits array per sequence: sequences "
                    + seqs.length + ", tokens " + tokens.length + ", logits " + logits.length);
        }
        if (seqs.length == 0) {
            return;
        }
        if (seqs.length > options.maxBatchTokens()) {
            throw new IllegalArgumentException("batch must have at most " + options.maxBatchTokens()
                    + " sequences (RunnerOptions.maxBatchTokens) but was: " + seqs.length);
        }
        checkTokens(tokens);
        CpuSequence[] own = new CpuSequence[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            own[i] = own(seqs[i], "seqs[" + i + "]");
            checkLogits(logits[i], "logits[" + i + "]");
            if (own[i].remaining() < 1) {
                throw new IllegalArgumentException("seqs[" + i + "] is full (capacity " + own[i].capacity() + ")");
            }
            for (int j = 0; j < i; j++) {
                if (own[j] == own[i]) {
                    throw new IllegalArgumentException("seqs[" + j + "] and seqs[" + i + "] are the same sequence");
                }
            }
        }
        lock.lock();
        try {
            checkOpen();
            for (int b = 0; b < seqs.length; b++) {
                s.token[b] = tokens[b];
                s.rowSeq[b] = own[b];
                s.rowPos[b] = own[b].length();
            }
            forwardRows(seqs.length, true, -1, logits);
            for (CpuSequence cs : own) {
                cs.advance(1);
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------ forward

    /**
     * The transformer over {@code count} token rows ({@code s.token}, {@code s.rowSeq},
     * {@code s.rowPos}). Logits go to {@code logits[0]} for row {@code onlyRow} when it is not −1,
     * otherwise to {@code logits[b]} for every row. Allocates nothing.
     *
     * <p>With the F16 cache the F16 roundings ggml makes are mirrored (see {@link KvCacheType#F16}):
     * queries and the classifier input always, attention weights in a decode step ({@code decode}:
     * one token per sequence), where ggml multiplies them with the F16 values as F16.
     */
    private void forwardRows(int count, boolean decode, int onlyRow, float[] @org.jspecify.annotations.Nullable [] logits) {
        final ModelConfig c = config;
        final boolean ggmlF16 = options.kvCache() == KvCacheType.F16;

        // token embeddings and RoPE angles of every row
        rows(count, embed, -1);
        for (int l = 0; l < c.layers(); l++) {
            // attention rmsnorm, int8 activations
            rows(count, attnNorm, l);
            // qkv matmuls (one parallel section: the three share the input)
            ternary(w.wqkv[l], s.xq, count, s.qkvOut, s.qkvOut1);
            // RoPE (NEOX) on q and k, kv-cache store
            rows(count, ropeAndStore, l);
            // multihead attention over each row's cache, heads in parallel -> xb
            attention.layer = l;
            attention.count = count;
            attention.roundQuery = ggmlF16;
            attention.roundWeights = ggmlF16 && decode;
            pool.parallelFor(c.heads() / headsPerUnit, attention);
            // attention sub-norm, output projection
            rows(count, attnSubNorm, l);
            ternary(w.wo[l], s.xq, count, s.xb2);
            // residual, ffn rmsnorm, gate and up matmuls (one section)
            rows(count, residualAndFfnNorm, l);
            ternary(w.wGateUp[l], s.xq, count, s.gateUpOut, s.gateUpOut1);
            // act(gate) ⊙ up (ReLU² or SiLU), ffn sub-norm, down projection, residual
            rows(count, activationAndSubNorm, l);
            ternary(w.ffnDown[l], s.hq, count, s.xb2);
            rows(count, residual, l);
        }

        if (logits == null) {
            return;
        }
        // final rmsnorm and classifier, for the rows whose logits are wanted
        for (int b = 0; b < count; b++) {
            if (onlyRow == -1 || b == onlyRow) {
                Numerics.rmsnorm(s.xb[b], s.x[b], w.outputNorm, c.dim(), c.rmsEps());
                if (ggmlF16) {
                    Numerics.roundToF16(s.xb[b], 0, c.dim());
                }
                pool.matvec(head, s.xb[b], 0, onlyRow == -1 ? logits[b] : logits[0], 0);
            }
        }
    }

    // ---- the per-row stages of forwardRows: row b of the batch, layer l ----

    private void embedRow(int b, int l) {
        w.tokenEmbedding.row(s.token[b], s.x[b], 0);
        Numerics.ropeAngles(s.rowPos[b], ropeThetaScale, s.ropeCos[b], s.ropeSin[b], config.headDim() / 2);
    }

    private void attnNormRow(int b, int l) {
        Numerics.rmsnorm(s.xb[b], s.x[b], w.attnNorm[l], config.dim(), config.rmsEps());
        s.xq[b].quantize(s.xb[b], 0);
    }

    /** RoPE on the keys, then the cache store; the queries are rotated by the attention units, in parallel. */
    private void ropeAndStoreRow(int b, int l) {
        Numerics.ropeNeox(s.k[b], 0, config.kvHeads(), config.headDim(), s.ropeCos[b], s.ropeSin[b]);
        s.rowSeq[b].store(l, s.rowPos[b], s.k[b], s.v[b]);
    }

    private void attnSubNormRow(int b, int l) {
        Numerics.rmsnorm(s.xb[b], s.xb[b], w.attnSubNorm[l], config.dim(), config.rmsEps());
        s.xq[b].quantize(s.xb[b], 0);
    }

    private void residualAndFfnNormRow(int b, int l) {
        Numerics.add(s.x[b], s.xb2[b], config.dim());
        Numerics.rmsnorm(s.xb[b], s.x[b], w.ffnNorm[l], config.dim(), config.rmsEps());
        s.xq[b].quantize(s.xb[b], 0);
    }

    private void activationAndSubNormRow(int b, int l) {
        Numerics.gatedActivation(config.ffnActivation(), s.hb[b], s.hb2[b], config.ffnDim());
        Numerics.rmsnorm(s.hb[b], s.hb[b], w.ffnSubNorm[l], config.ffnDim(), config.rmsEps());
        s.hq[b].quantize(s.hb[b], 0);
    }

    private void residualRow(int b, int l) {
        Numerics.add(s.x[b], s.xb2[b], config.dim());
    }

    /** One step of the forward pass for one row. */
    @FunctionalInterface
    private interface RowStage {
        void run(int row, int layer);
    }

    // bound once, so that a forward step allocates nothing
    private final RowStage embed = this::embedRow;
    private final RowStage attnNorm = this::attnNormRow;
    private final RowStage ropeAndStore = this::ropeAndStoreRow;
    private final RowStage attnSubNorm = this::attnSubNormRow;
    private final RowStage residualAndFfnNorm = this::residualAndFfnNormRow;
    private final RowStage activationAndSubNorm = this::activationAndSubNormRow;
    private final RowStage residual = this::residualRow;
    private final RowsTask rowsTask = new RowsTask();

    /** Runs a stage for rows [0, count): on this thread for one row, else split over the pool. */
    private void rows(int count, RowStage stage, int layer) {
        if (count == 1) {
            stage.run(0, layer);
        } else {
            rowsTask.stage = stage;
            rowsTask.layer = layer;
            pool.parallelFor(count, rowsTask);
        }
    }

    private static final class RowsTask implements KernelPool.RangeTask {
        RowStage stage = (b, l) -> {};
        int layer;

        @Override
        public void run(int from, int to) {
            for (int b = from; b < to; b++) {
                stage.run(b, layer);
            }
        }
    }

    /** Ternary products of several matrices sharing one input: the decode path for one row. */
    private void ternary(dev.bitnet.engine.kernel.I2sMatrix[] ws, QuantizedVector[] xs, int count, float[][][] outs,
            float[][] outs1) {
        if (count == 1) {
            pool.matvec(ws, xs[0], outs1, ws.length == 3 ? s.zeroOffsets3 : s.zeroOffsets2);
        } else {
            pool.matmul(ws, xs, count, outs);
        }
    }

    private void ternary(dev.bitnet.engine.kernel.I2sMatrix m, QuantizedVector[] xs, int count, float[][] out) {
        if (count == 1) {
            pool.matvec(m, xs[0], out[0], 0);
        } else {
            pool.matmul(m, xs, count, out);
        }
    }

    /**
     * Multihead attention of the current layer, for units of {@link #headsPerUnit} query heads that
     * share one key/value head, and every row: scores against the row's cached keys at positions
     * {@code [0, pos]}, scaled by {@code 1/sqrt(headDim)}, softmax, weighted sum of the cached values
     * into {@code xb} (see {@link Attention}). Grouped-query: head {@code h} reads key/value head
     * {@code h / kvMul}.
     */
    private final class AttentionTask implements KernelPool.RangeTask {
        int layer;
        int count;
        boolean roundQuery;
        boolean roundWeights;

        @Override
        public void run(int from, int to) {
            final int g = headsPerUnit;
            final int unitsPerKvHead = config.kvMul() / g;
            final float scale = (float) (1.0 / Math.sqrt(config.headDim()));
            for (int u = from; u < to; u++) {
                int kvHead = u / unitsPerKvHead;
                int h0 = kvHead * config.kvMul() + (u % unitsPerKvHead) * g;
                for (int b = 0; b < count; b++) {
                    CpuSequence seq = s.rowSeq[b];
                    int n = s.rowPos[b] + 1;
                    // this unit's query heads: RoPE, and with an F16 cache the rounding ggml's F16 product makes
                    Numerics.ropeNeox(s.q[b], h0, h0 + g, config.headDim(), s.ropeCos[b], s.ropeSin[b]);
                    if (roundQuery) {
                        Numerics.roundToF16(s.q[b], h0 * config.headDim(), (h0 + g) * config.headDim());
                    }
                    Attention.scores(seq, layer, kvHead, s.q[b], h0, g, n, scale, s.att, s.keyBlock[u]);
                    for (int h = h0; h < h0 + g; h++) {
                        Numerics.softmax(s.att[h], n);
                        if (roundWeights) {
                            Numerics.roundToF16(s.att[h], 0, n);
                        }
                    }
                    Attention.values(seq, layer, kvHead, h0, g, n, s.att, s.xb[b], s.valueBlock[u]);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ checks

    private CpuSequence own(Sequence seq, String name) {
        if (!(seq instanceof CpuSequence cs) || cs.owner != this) {
            throw new IllegalArgumentException(name + " must be a sequence created by this runner but was: " + seq);
        }
        cs.checkOpen();
        return cs;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Illegal state: runner is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                pool.close();
                headArena.close();
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------ state

    /** Activation buffers for up to {@code batch} token rows; allocated once per runner. */
    static final class State {
        final int[] token;                 // (batch)
        final CpuSequence[] rowSeq;        // (batch) the sequence each row belongs to
        final int[] rowPos;                // (batch) the position each row takes in its sequence
        final float[][] x;                 // (batch, dim) residual stream
        final float[][] xb;                // (batch, dim) normed input, then attention output
        final float[][] xb2;               // (batch, dim) projection output before the residual add
        final float[][] q;                 // (batch, dim) queries
        final float[][] k;                 // (batch, kvDim) keys
        final float[][] v;                 // (batch, kvDim) values
        final float[][] hb;                // (batch, ffnDim) gate, then act(gate) ⊙ up
        final float[][] hb2;               // (batch, ffnDim) up
        final QuantizedVector[] xq;        // (batch) int8 activations of length dim
        final QuantizedVector[] hq;        // (batch) int8 activations of length ffnDim
        final float[][] ropeCos;           // (batch, headDim/2)
        final float[][] ropeSin;           // (batch, headDim/2)
        final float[][] att;               // (heads, contextLength rounded up to whole blocks) attention scores
        final float[][] keyBlock;          // (heads, headDim * BLOCK) per attention unit: a key block as floats
        final float[][] valueBlock;        // (heads, BLOCK * headDim) per attention unit: a block of values as floats
        final float[][][] qkvOut;          // {q, k, v}
        final float[][][] gateUpOut;       // {hb, hb2}
        final float[][] qkvOut1;           // {q[0], k[0], v[0]}: the one-row decode outputs
        final float[][] gateUpOut1;        // {hb[0], hb2[0]}
        final int[] zeroOffsets3 = new int[3];
        final int[] zeroOffsets2 = new int[2];

        State(ModelConfig c, int batch) {
            token = new int[batch];
            rowSeq = new CpuSequence[batch];
            rowPos = new int[batch];
            x = new float[batch][c.dim()];
            xb = new float[batch][c.dim()];
            xb2 = new float[batch][c.dim()];
            q = new float[batch][c.dim()];
            k = new float[batch][c.kvDim()];
            v = new float[batch][c.kvDim()];
            hb = new float[batch][c.ffnDim()];
            hb2 = new float[batch][c.ffnDim()];
            xq = new QuantizedVector[batch];
            hq = new QuantizedVector[batch];
            for (int b = 0; b < batch; b++) {
                xq[b] = new QuantizedVector(c.dim());
                hq[b] = new QuantizedVector(c.ffnDim());
            }
            ropeCos = new float[batch][c.headDim() / 2];
            ropeSin = new float[batch][c.headDim() / 2];
            att = new float[c.heads()][Attention.roundUp(c.contextLength())];
            keyBlock = new float[c.heads()][c.headDim() * Attention.BLOCK];
            valueBlock = new float[c.heads()][Attention.BLOCK * c.headDim()];
            qkvOut = new float[][][] {q, k, v};
            gateUpOut = new float[][][] {hb, hb2};
            qkvOut1 = new float[][] {q[0], k[0], v[0]};
            gateUpOut1 = new float[][] {hb[0], hb2[0]};
        }
    }
}
