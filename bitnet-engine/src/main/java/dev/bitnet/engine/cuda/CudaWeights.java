package dev.bitnet.engine.cuda;

import dev.bitnet.engine.kernel.I2sLayout;
import dev.bitnet.engine.kernel.I2sMatrix;
import dev.bitnet.engine.model.ModelConfig;

/**
 * {@code CudaWeights} is a model's weights in device memory, uploaded once.
 *
 * <p>Layout on the device: each ternary matrix keeps bitnet.cpp's I2_S byte layout (see the CUDA
 * source), and matrices that share an input are concatenated by rows: {@code wqkv} = q, k, v
 * rows and {@code wgu} = gate, up rows, each with a per-row scale array so that one launch covers
 * them. Norm vectors are F32; the embedding and output head stay F16 (the head is shared when
 * tied). Owned by the context's allocations; {@link #free()} releases them (owner thread).
 *
 * @since 0.1
 */
final class CudaWeights {
    final ModelConfig config;
    // per layer device pointers
    final long[] wqkv;          // (layer) I2_S (dim + 2·kvDim, dim)
    final long[] wqkvScale;     // (layer) f32 (dim + 2·kvDim)
    final long[] wo;            // (layer) I2_S (dim, dim)
    final long[] woScale;       // (layer) f32 (dim)
    final long[] wgu;           // (layer) I2_S (2·ffn, dim)
    final long[] wguScale;      // (layer) f32 (2·ffn)
    final long[] wdown;         // (layer) I2_S (dim, ffn)
    final long[] wdownScale;    // (layer) f32 (dim)
    final long[] attnNorm;      // (layer) f32 (dim)
    final long[] attnSubNorm;   // (layer) f32 (dim)
    final long[] ffnNorm;       // (layer) f32 (dim)
    final long[] ffnSubNorm;    // (layer) f32 (ffn)
    long tokenEmbedding;        // f16 (vocab, dim)
    long outputNorm;            // f32 (dim)
    long output;                // f16 (vocab, dim); == tokenEmbedding when tied
    long bytes;                 // device bytes held

    private final CudaContext context;

    private CudaWeights(CudaContext context, ModelConfig config) {
        this.context = context;
        this.config = config;
        int n = config.layers();
        wqkv = new long[n];
        wqkvScale = new long[n];
        wo = new long[n];
        woScale = new long[n];
        wgu = new long[n];
        wguScale = new long[n];
        wdown = new long[n];
        wdownScale = new long[n];
        attnNorm = new long[n];
        attnSubNorm = new long[n];
        ffnNorm = new long[n];
        ffnSubNorm = new long[n];
    }

    static void checkShape(ModelConfig c) {
        if (c.dim() % I2sMatrix.BLOCK_ELEMENTS != 0 || c.ffnDim() % I2sMatrix.BLOCK_ELEMENTS != 0) {
            throw new IllegalArgumentException("the CUDA kernels need dim and ffnDim to be multiples of "
                    + I2sMatrix.BLOCK_ELEMENTS + " but they were: " + c.dim() + ", " + c.ffnDim());
        }
        if (c.headDim() > CudaKernels.ATT_THREADS) {
            throw new IllegalArgumentException("the CUDA attention kernel supports head sizes up to "
                    + CudaKernels.ATT_THREADS + " but headDim was: " + c.headDim());
        }
    }

    /** Uploads a host model (owner thread). */
    static CudaWeights upload(CudaContext ctx, HostModel host) {
        ModelConfig c = host.config();
        checkShape(c);
        CudaWeights w = new CudaWeights(ctx, c);
        try {
            for (int l = 0; l < c.layers(); l++) {
                HostModel.Layer y = host.layers()[l];
                w.wqkv[l] = w.ternary(y.wq(), y.wk(), y.wv());
                w.wqkvScale[l] = w.rowScales(y.wq(), y.wk(), y.wv());
                w.wo[l] = w.ternary(y.wo());
                w.woScale[l] = w.rowScales(y.wo());
                w.wgu[l] = w.ternary(y.gate(), y.up());
                w.wguScale[l] = w.rowScales(y.gate(), y.up());
                w.wdown[l] = w.ternary(y.down());
                w.wdownScale[l] = w.rowScales(y.down());
                w.attnNorm[l] = w.vector(y.attnNorm());
                w.attnSubNorm[l] = w.vector(y.attnSubNorm());
                w.ffnNorm[l] = w.vector(y.ffnNorm());
                w.ffnSubNorm[l] = w.vector(y.ffnSubNorm());
            }
            long f16Bytes = 2L * c.vocab() * c.dim();
            w.tokenEmbedding = w.alloc(f16Bytes);
            ctx.upload(w.tokenEmbedding, host.tokenEmbedding(), f16Bytes);
            if (host.tied()) {
                w.output = w.tokenEmbedding;
            } else {
                w.output = w.alloc(f16Bytes);
                ctx.upload(w.output, host.output(), f16Bytes);
            }
            w.outputNorm = w.vector(host.outputNorm());
            return w;
        } catch (RuntimeException | Error e) {
            w.free();
            throw e;
        }
    }

    /**
     * Synthetic weights generated on the device (random ternary codes, F16 embedding uniform in
     * ±{@code embeddingAmplitude}, unit norms, weight scale {@code weightScale}): for benchmarks of
     * shapes too large to carry as files. Owner thread.
     */
    static CudaWeights random(CudaContext ctx, ModelConfig c, long seed, float weightScale, float embeddingAmplitude) {
        checkShape(c);
        CudaWeights w = new CudaWeights(ctx, c);
        CudaKernels k = ctx.kernels();
        int dim = c.dim();
        int qkvRows = dim + 2 * c.kvDim();
        int ffn = c.ffnDim();
        try {
            long s = seed;
            for (int l = 0; l < c.layers(); l++) {
                w.wqkv[l] = w.randomTernary(k, qkvRows, dim, s++);
                w.wqkvScale[l] = w.constant(k, qkvRows, weightScale);
                w.wo[l] = w.randomTernary(k, dim, dim, s++);
                w.woScale[l] = w.constant(k, dim, weightScale);
                w.wgu[l] = w.randomTernary(k, 2 * ffn, dim, s++);
                w.wguScale[l] = w.constant(k, 2 * ffn, weightScale);
                w.wdown[l] = w.randomTernary(k, dim, ffn, s++);
                w.wdownScale[l] = w.constant(k, dim, weightScale);
                w.attnNorm[l] = w.constant(k, dim, 1f);
                w.attnSubNorm[l] = w.constant(k, dim, 1f);
                w.ffnNorm[l] = w.constant(k, dim, 1f);
                w.ffnSubNorm[l] = w.constant(k, ffn, 1f);
            }
            long n = (long) c.vocab() * dim;
            w.tokenEmbedding = w.alloc(2 * n);
            k.fillF16(w.tokenEmbedding, n, s, embeddingAmplitude);
            w.output = w.tokenEmbedding;
            w.outputNorm = w.constant(k, dim, 1f);
            ctx.synchronize();
            return w;
        } catch (RuntimeException | Error e) {
            w.free();
            throw e;
        }
    }

    private long alloc(long n) {
        long p = context.alloc(n);
        bytes += n;
        return p;
    }

    private long ternary(I2sMatrix... parts) {
        long total = 0;
        for (I2sMatrix m : parts) {
            total += m.codeBytes();
        }
        long p = alloc(total);
        long off = 0;
        for (I2sMatrix m : parts) {
            uploadCodes(p + off, m);
            off += m.codeBytes();
        }
        return p;
    }

    /**
     * Uploads a matrix's codes in the row-major (file) layout the kernels read. A matrix the CPU
     * runner has rearranged into {@link I2sLayout#TILED_32} (in place, for weights loaded into
     * memory) is turned back into rows on the host, a few MB at a time.
     */
    private void uploadCodes(long dst, I2sMatrix m) {
        if (m.layout() == I2sLayout.ROW_MAJOR) {
            context.upload(dst, m.packed(), m.codeBytes());
            return;
        }
        int tileBytes = I2sMatrix.TILE_ROWS * m.rowBytes();
        int tiles = m.rows() / I2sMatrix.TILE_ROWS;
        int tilesPerChunk = Math.max(1, (8 << 20) / tileBytes);
        byte[] chunk = new byte[tilesPerChunk * tileBytes];
        for (int t = 0; t < tiles; t += tilesPerChunk) {
            int n = Math.min(tilesPerChunk, tiles - t);
            m.copyRowMajor(t * I2sMatrix.TILE_ROWS, n * I2sMatrix.TILE_ROWS, chunk);
            context.upload(dst + (long) t * tileBytes, chunk, 0, n * tileBytes);
        }
    }

    private long rowScales(I2sMatrix... parts) {
        int rows = 0;
        for (I2sMatrix m : parts) {
            rows += m.rows();
        }
        float[] scales = new float[rows];
        int at = 0;
        for (I2sMatrix m : parts) {
            java.util.Arrays.fill(scales, at, at + m.rows(), m.scale());
            at += m.rows();
        }
        return vector(scales);
    }

    private long vector(float[] v) {
        long p = alloc((long) v.length * Float.BYTES);
        context.upload(p, v, 0, v.length);
        return p;
    }

    private long randomTernary(CudaKernels k, int rows, int cols, long seed) {
        long n = (long) rows * cols / 4;
        long p = alloc(n);
        k.fillTernary(p, n, seed);
        return p;
    }

    private long constant(CudaKernels k, int n, float value) {
        long p = alloc((long) n * Float.BYTES);
        k.fillF32(p, n, value);
        return p;
    }

    /** Frees every device buffer (owner thread); idempotent. */
    void free() {
        for (long[] ps : new long[][] {wqkv, wqkvScale, wo, woScale, wgu, wguScale, wdown, wdownScale, attnNorm,
                attnSubNorm, ffnNorm, ffnSubNorm}) {
            for (int i = 0; i < ps.length; i++) {
                context.free(ps[i]);
                ps[i] = 0;
            }
        }
        if (output != tokenEmbedding) {
            context.free(output);
        }
        context.free(tokenEmbedding);
        context.free(outputNorm);
        output = tokenEmbedding = outputNorm = 0;
        bytes = 0;
    }

    /** @return bytes one decode step reads: all ternary codes and the output head */
    long bytesPerToken() {
        ModelConfig c = config;
        long dim = c.dim();
        long perLayer = (dim * (dim + 2L * c.kvDim()) + dim * dim + 2L * c.ffnDim() * dim + dim * c.ffnDim()) / 4;
        return perLayer * c.layers() + 2L * c.vocab() * dim;
    }
}
