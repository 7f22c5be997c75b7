package dev.bitnet.engine.cuda;

import dev.bitnet.engine.model.Activation;
import dev.bitnet.engine.model.KvCacheType;
import dev.bitnet.engine.model.ModelConfig;
import dev.bitnet.engine.model.ModelRunner;
import dev.bitnet.engine.model.OutputHead;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.model.Sequence;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code CudaModelRunner} runs the BitNet forward pass on an NVIDIA GPU: weights are uploaded
 * once ({@link CudaWeights}), each sequence's KV cache lives on the device, and a step sends only
 * the token ids (and positions) in and the logits, or just the greedy token id, out.
 *
 * <p>The numbers follow the CPU runner's: RMSNorm, activation quantization, RoPE and the softmax
 * use the same float formulas (so int8 activations and ternary integer sums match bit for bit
 * given the same inputs); attention dot products and the F16 head sum in another order.
 *
 * <p>Thread safety: every call runs on the {@link CudaContext}'s owner thread, one at a time, so
 * one runner may be shared by several threads; a sequence is used by one thread at a time.
 *
 * @since 0.1
 */
public final class CudaModelRunner implements ModelRunner {

    private static final int HEAD_ROWS = 32;

    /**
     * System property: {@code false} launches every kernel of a decode step from the host instead of
     * replaying a captured CUDA graph (default {@code true}).
     */
    public static final String GRAPHS_PROPERTY = "bitnet.cuda.graphs";

    private final CudaContext context;
    private final boolean ownsContext;
    private final ModelConfig config;
    private final RunnerOptions options;
    private final CudaWeights weights;
    private final int maxTokens;          // token rows per step
    private final float thetaScale;
    private final float attentionScale;
    private final Map<CudaSequence, Boolean> sequences = new IdentityHashMap<>();
    // device state, (shape) in elements; allocated once
    private final long dMeta;             // int (count·(3 + headDim)): ids | positions | sequence index | cos | sin
    private final long dCaches;           // u64 (2, maxTokens): key cache | value cache pointer per sequence
    private final long dX;                // f32 (maxTokens, dim) residual stream
    private final long dQkv;              // f32 (maxTokens, dim + 2·kvDim)
    private final long dAtt;              // f32 (maxTokens, dim) attention output
    private final long dGateUp;           // f32 (maxTokens, 2·ffn)
    private final long dXq;               // int8 (maxTokens, max(dim, ffn)) chunk-major
    private final long dXScale;           // f32 (maxTokens)
    private final long dXSum;             // int (maxTokens)
    private final long dXn;               // f32 (HEAD_ROWS, dim) final-normed rows
    private final long dLogits;           // f32 (HEAD_ROWS, vocab)
    private final long dArgmax;           // int (HEAD_ROWS)
    private final int[] meta;
    private final long[] caches;
    private long[] uploadedCaches = new long[0];
    private final boolean useGraphs = !"false".equalsIgnoreCase(System.getProperty(GRAPHS_PROPERTY, "true"));
    private final Map<Integer, CudaContext.Graph> decodeGraphs = new java.util.HashMap<>(); // by attention positions
    private volatile boolean closed;

    private CudaModelRunner(CudaContext context, boolean ownsContext, CudaWeights weights, RunnerOptions options) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.config = weights.config;
        this.options = options;
        this.weights = weights;
        this.maxTokens = options.maxBatchTokens();
        this.thetaScale = (float) Math.pow(config.ropeTheta(), -2.0f / config.headDim()); // as the CPU runner
        this.attentionScale = (float) (1.0 / Math.sqrt(config.headDim()));
        ModelConfig c = config;
        int n = maxTokens;
        int heads = Math.min(HEAD_ROWS, n);
        long f = Float.BYTES;
        dMeta = context.alloc((long) n * (3 + c.headDim()) * Integer.BYTES);
        dCaches = context.alloc(2L * n * Long.BYTES);
        dX = context.alloc(n * (long) c.dim() * f);
        dQkv = context.alloc(n * (long) (c.dim() + 2 * c.kvDim()) * f);
        dAtt = context.alloc(n * (long) c.dim() * f);
        dGateUp = context.alloc(n * 2L * c.ffnDim() * f);
        dXq = context.alloc(n * (long) Math.max(c.dim(), c.ffnDim()));
        dXScale = context.alloc(n * f);
        dXSum = context.alloc(n * (long) Integer.BYTES);
        dXn = context.alloc(heads * (long) c.dim() * f);
        dLogits = context.alloc(heads * (long) c.vocab() * f);
        dArgmax = context.alloc(heads * (long) Integer.BYTES);
        meta = new int[n * (3 + c.headDim())];
        caches = new long[2 * n];
    }

    /**
     * Uploads {@code host} to a new context on device {@code ordinal} and returns a runner that
     * owns the context.
     *
     * @throws CudaException when the device cannot be used
     */
    public static CudaModelRunner open(int ordinal, HostModel host, RunnerOptions options) {
        CudaContext ctx = CudaContext.open(ordinal);
        try {
            return ctx.call(() -> {
                CudaWeights w = CudaWeights.upload(ctx, host);
                try {
                    return new CudaModelRunner(ctx, true, w, options);
                } catch (RuntimeException | Error e) {
                    w.free();
                    throw e;
                }
            });
        } catch (RuntimeException | Error e) {
            ctx.close();
            throw e;
        }
    }

    /** A runner over weights uploaded (or generated) on an existing context, which it does not own. */
    static CudaModelRunner on(CudaContext ctx, CudaWeights weights, RunnerOptions options) {
        return ctx.call(() -> new CudaModelRunner(ctx, false, weights, options));
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** @return the context this runner computes on */
    public CudaContext context() {
        return context;
    }

    /** @return device bytes held by the weights */
    public long weightBytes() {
        return weights.bytes;
    }

    /** @return bytes of weights one decode step reads (ternary codes and the F16 head) */
    public long bytesPerToken() {
        return weights.bytesPerToken();
    }

    @Override
    public String description() {
        String head = options.head() == OutputHead.INT8 ? "F16 head (the int8 head is CPU-only)" : "F16 head";
        return String.format(Locale.ROOT, "cuda (%s, sm_%d, %s, %s, %s KV cache, %d-token steps, %s)",
                context.deviceName(), context.computeCapability(), context.kernels().image(), head,
                options.kvCache(), maxTokens, useGraphs ? "decode steps as CUDA graphs" : "no graphs");
    }

    // ---------------------------------------------------------------------------------- sequences

    @Override
    public Sequence newSequence(int maxTokens) {
        checkOpen();
        if (maxTokens < 1 || maxTokens > config.contextLength()) {
            throw new IllegalArgumentException("maxTokens must be within [1, " + config.contextLength()
                    + "] (the model's context length) but was: " + maxTokens);
        }
        long bytes = (long) maxTokens * config.layers() * config.kvDim() * Float.BYTES;
        return context.call(() -> {
            long k = context.alloc(bytes);
            long v;
            try {
                v = context.alloc(bytes);
            } catch (RuntimeException e) {
                context.free(k);
                throw e;
            }
            CudaSequence s = new CudaSequence(this, k, v, maxTokens);
            sequences.put(s, Boolean.TRUE);
            return s;
        });
    }

    void release(CudaSequence s) {
        if (closed) {
            return; // freed with the runner
        }
        context.run(() -> {
            if (sequences.remove(s) != null) {
                context.free(s.keys);
                context.free(s.values);
            }
        });
    }

    // ---------------------------------------------------------------------------------- forward

    @Override
    public void forward(Sequence seq, int[] tokens, float[] logits) {
        forward(seq, tokens, logits, null);
    }

    /**
     * Processes {@code tokens} like {@link #forward(Sequence, int[], float[])} and returns the greedy
     * next token (argmax of the last token's logits, lowest index on ties) computed on the device,
     * so that no logits cross to the host.
     */
    public int forwardGreedy(Sequence seq, int[] tokens) {
        int[] next = new int[1];
        forward(seq, tokens, null, next);
        return next[0];
    }

    private void forward(Sequence seq, int[] tokens, float @Nullable [] logits, int @Nullable [] greedy) {
        CudaSequence cs = own(seq, "seq");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("tokens must not be empty");
        }
        checkTokens(tokens);
        if (logits != null) {
            checkLogits(logits, "logits");
        }
        if (tokens.length > cs.remaining()) {
            throw new IllegalArgumentException("sequence has room for " + cs.remaining() + " more tokens (capacity "
                    + cs.capacity() + ", length " + cs.length() + ") but was given: " + tokens.length);
        }
        boolean decode = tokens.length == 1;
        context.run(() -> {
            checkOpen();
            for (int from = 0; from < tokens.length; from += maxTokens) {
                int count = Math.min(maxTokens, tokens.length - from);
                int start = cs.length();
                for (int b = 0; b < count; b++) {
                    setRow(count, b, tokens[from + b], start + b, 0);
                }
                boolean last = from + count == tokens.length;
                caches[0] = cs.keys;
                caches[maxTokens] = cs.values;
                step(count, start + count - 1, decode, last ? count - 1 : -1, last ? 1 : 0,
                        logits == null ? null : new float[][] {logits}, greedy);
                cs.advance(count);
            }
        });
    }

    @Override
    public void forwardBatch(Sequence[] seqs, int[] tokens, float[][] logits) {
        forwardBatch(seqs, tokens, logits, null);
    }

    /** One greedy decode step for several sequences: returns each one's next token. */
    public int[] forwardBatchGreedy(Sequence[] seqs, int[] tokens) {
        int[] next = new int[seqs.length];
        forwardBatch(seqs, tokens, null, next);
        return next;
    }

    private void forwardBatch(Sequence[] seqs, int[] tokens, float @Nullable [][] logits, int @Nullable [] greedy) {
        if (seqs.length != tokens.length || (logits != null && seqs.length != logits.length)) {
            throw new IllegalArgumentException("need one token and one logits array per sequence: sequences "
                    + seqs.length + ", tokens " + tokens.length + ", logits " + (logits == null ? "-" : logits.length));
        }
        if (seqs.length == 0) {
            return;
        }
        if (seqs.length > maxTokens) {
            throw new IllegalArgumentException("batch must have at most " + maxTokens
                    + " sequences (RunnerOptions.maxBatchTokens) but was: " + seqs.length);
        }
        checkTokens(tokens);
        CudaSequence[] own = new CudaSequence[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            own[i] = own(seqs[i], "seqs[" + i + "]");
            if (logits != null) {
                checkLogits(logits[i], "logits[" + i + "]");
            }
            if (own[i].remaining() < 1) {
                throw new IllegalArgumentException("seqs[" + i + "] is full (capacity " + own[i].capacity() + ")");
            }
            for (int j = 0; j < i; j++) {
                if (own[j] == own[i]) {
                    throw new IllegalArgumentException("seqs[" + j + "] and seqs[" + i + "] are the same sequence");
                }
            }
        }
        context.run(() -> {
            checkOpen();
            int count = seqs.length;
            int maxPos = 0;
            for (int b = 0; b < count; b++) {
                setRow(count, b, tokens[b], own[b].length(), b);
                caches[b] = own[b].keys;
                caches[maxTokens + b] = own[b].values;
                maxPos = Math.max(maxPos, own[b].length());
            }
            step(count, maxPos, true, 0, count, logits, greedy);
            for (CudaSequence cs : own) {
                cs.advance(1);
            }
        });
    }

    /**
     * Describes row {@code b} of a {@code count}-row step in {@link #meta}: token id, position,
     * sequence index, and the RoPE cosines and sines of the position, computed exactly as the CPU
     * runner does (theta_i = pos·thetaScale^i by repeated float multiplication, then
     * {@code (float) Math.cos}/{@code sin}), so that the device applies the CPU's very angles.
     */
    private void setRow(int count, int b, int token, int pos, int seq) {
        int half = config.headDim() / 2;
        meta[b] = token;
        meta[count + b] = pos;
        meta[2 * count + b] = seq;
        int cos = 3 * count + b * half;
        int sin = 3 * count + count * half + b * half;
        float theta = pos;
        for (int i = 0; i < half; i++) {
            meta[cos + i] = Float.floatToRawIntBits((float) Math.cos(theta));
            meta[sin + i] = Float.floatToRawIntBits((float) Math.sin(theta));
            theta *= thetaScale;
        }
    }

    /**
     * The transformer over {@code count} token rows described by {@link #meta} and {@link #caches}
     * (owner thread). Rows {@code [headFrom, headFrom + headCount)} get the final norm and the output
     * head: logits to {@code logits[i]} and/or greedy ids to {@code greedy[i]}.
     *
     * <p>With the F16 cache the CPU runner's F16 roundings (ggml's) are mirrored: queries and the
     * classifier input always, attention weights in a decode step (one token per sequence).
     */
    private void step(int count, int maxPosition, boolean decode, int headFrom, int headCount,
            float @Nullable [][] logits, int @Nullable [] greedy) {
        context.upload(dMeta, meta, 0, count * (3 + config.headDim()));
        if (!Arrays.equals(caches, uploadedCaches)) {
            context.upload(dCaches, caches, 0, caches.length);
            uploadedCaches = caches.clone();
        }
        int rowsPerPass = Math.min(HEAD_ROWS, maxTokens);
        if (useGraphs && count == 1 && decode && headCount == 1) {
            // one decode token: replay the captured step (token id, position and cache pointers are
            // read from device memory); the attention buffer is sized for a power-of-two bucket
            int bucket = 256;
            while (bucket < maxPosition + 1) {
                bucket <<= 1;
            }
            final int positions = bucket;
            CudaContext.Graph g = decodeGraphs.computeIfAbsent(positions, b -> context.capture(() -> {
                launchLayers(1, b - 1, true);
                launchHead(0, 1);
            }));
            g.launch();
            download(0, 1, logits, greedy);
            return;
        }
        launchLayers(count, maxPosition, decode);
        // final rmsnorm and classifier for the rows whose logits are wanted, HEAD_ROWS at a time
        for (int done = 0; done < headCount; done += rowsPerPass) {
            int rows = Math.min(rowsPerPass, headCount - done);
            launchHead(headFrom + done, rows);
            download(done, rows, logits, greedy);
        }
        if (headCount == 0) {
            context.synchronize(); // surface launch errors of this chunk now
        }
    }

    /** Launches the embedding and every layer for {@code count} rows (owner thread; no copies). */
    private void launchLayers(int count, int maxPosition, boolean decode) {
        final ModelConfig c = config;
        final CudaKernels k = context.kernels();
        final CudaWeights w = weights;
        final int dim = c.dim();
        final int ffn = c.ffnDim();
        final int qkvRows = dim + 2 * c.kvDim();
        final float eps = c.rmsEps();
        final int layers = c.layers();
        final int gate = c.ffnActivation() == Activation.RELU2 ? CudaKernels.RELU2_GATE : CudaKernels.SILU_GATE;
        final boolean f16 = options.kvCache() == KvCacheType.F16;
        final int roundKv = f16 ? 1 : 0;
        final long dTok = dMeta;
        final long dPos = dMeta + 4L * count;
        final long dSeq = dMeta + 8L * count;
        final long dCos = dMeta + 12L * count;
        final long dSin = dCos + 4L * count * (c.headDim() / 2);
        final long dK = dCaches;
        final long dV = dCaches + 8L * maxTokens;

        // token embeddings
        k.embed(w.tokenEmbedding, dTok, dim, dX, count);
        for (int l = 0; l < layers; l++) {
            // attention rmsnorm, int8 activations
            k.normQuantize(dX, dim, w.attnNorm[l], eps, dim, CudaKernels.PLAIN, dXq, dXScale, dXSum, count);
            // q, k, v in one product (rows concatenated)
            k.ternary(w.wqkv[l], w.wqkvScale[l], qkvRows, dim, dXq, dXScale, dXSum, count, dQkv, qkvRows,
                    CudaKernels.STORE);
            // RoPE (NEOX) on q and k, kv-cache store
            k.ropeStore(dQkv, qkvRows, dPos, dSeq, dK, dV, dCos, dSin, l, layers, c.heads(), c.kvHeads(), c.headDim(),
                    roundKv, roundKv, count);
            // multihead attention over each row's cache
            k.attention(dQkv, qkvRows, dPos, dSeq, dK, dV, l, layers, c.heads(), c.kvHeads(), c.headDim(),
                    attentionScale, f16 && decode, dAtt, dim, count, maxPosition);
            // attention sub-norm, output projection, residual
            k.normQuantize(dAtt, dim, w.attnSubNorm[l], eps, dim, CudaKernels.PLAIN, dXq, dXScale, dXSum, count);
            k.ternary(w.wo[l], w.woScale[l], dim, dim, dXq, dXScale, dXSum, count, dX, dim, CudaKernels.ACCUMULATE);
            // ffn rmsnorm, gate and up in one product
            k.normQuantize(dX, dim, w.ffnNorm[l], eps, dim, CudaKernels.PLAIN, dXq, dXScale, dXSum, count);
            k.ternary(w.wgu[l], w.wguScale[l], 2 * ffn, dim, dXq, dXScale, dXSum, count, dGateUp, 2 * ffn,
                    CudaKernels.STORE);
            // act(gate) ⊙ up, ffn sub-norm, down projection, residual
            k.normQuantize(dGateUp, 2 * ffn, w.ffnSubNorm[l], eps, ffn, gate, dXq, dXScale, dXSum, count);
            k.ternary(w.wdown[l], w.wdownScale[l], dim, ffn, dXq, dXScale, dXSum, count, dX, dim,
                    CudaKernels.ACCUMULATE);
        }
    }

    /** Final norm (F16-rounded with the F16 cache), output head and argmax for {@code rows} rows from {@code from}. */
    private void launchHead(int from, int rows) {
        final ModelConfig c = config;
        final CudaKernels k = context.kernels();
        final int dim = c.dim();
        k.rmsnorm(dX + (long) from * dim * Float.BYTES, dim, weights.outputNorm, c.rmsEps(), dim, dXn, dim, rows,
                options.kvCache() == KvCacheType.F16);
        k.f16Gemv(weights.output, c.vocab(), dim, dXn, dim, rows, dLogits, c.vocab());
        k.argmax(dLogits, c.vocab(), c.vocab(), dArgmax, rows);
    }

    /**
     * Times each kernel of one decode step (launched directly behind {@code busy}, with an event
     * after each launch) for a sequence: GPU milliseconds by kernel name. Appends the token.
     */
    Map<String, Double> profileDecodeStep(Sequence seq, int token, Runnable busy) {
        CudaSequence cs = own(seq, "seq");
        return context.call(() -> {
            int pos = cs.length();
            setRow(1, 0, token, pos, 0);
            caches[0] = cs.keys;
            caches[maxTokens] = cs.values;
            context.upload(dMeta, meta, 0, 3 + config.headDim());
            context.upload(dCaches, caches, 0, caches.length);
            uploadedCaches = caches.clone();
            Map<String, Double> ms = context.profileMillis(busy, () -> {
                launchLayers(1, pos, true);
                launchHead(0, 1);
            });
            cs.advance(1);
            return ms;
        });
    }

    private void download(int done, int rows, float @Nullable [][] logits, int @Nullable [] greedy) {
        int vocab = config.vocab();
        if (greedy != null) {
            context.download(greedy, done, dArgmax, rows);
        }
        if (logits != null) {
            for (int r = 0; r < rows; r++) {
                context.download(logits[done + r], 0, dLogits + (long) r * vocab * Float.BYTES, vocab);
            }
        }
    }

    // ---------------------------------------------------------------------------------- checks

    private CudaSequence own(Sequence seq, String name) {
        if (!(seq instanceof CudaSequence cs) || cs.owner != this) {
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

    /** Frees the weights, the state and every sequence's cache; closes the context if owned. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            context.run(() -> {
                if (closed) {
                    return;
                }
                closed = true;
                for (CudaContext.Graph g : decodeGraphs.values()) {
                    g.close();
                }
                decodeGraphs.clear();
                for (CudaSequence s : sequences.keySet()) {
                    context.free(s.keys);
                    context.free(s.values);
                }
                sequences.clear();
                for (long p : new long[] {dMeta, dCaches, dX, dQkv, dAtt, dGateUp, dXq, dXScale, dXSum, dXn, dLogits,
                        dArgmax}) {
                    context.free(p);
                }
                if (ownsContext) {
                    weights.free();
                }
            });
        } finally {
            if (ownsContext) {
                context.close();
            }
        }
    }
}
