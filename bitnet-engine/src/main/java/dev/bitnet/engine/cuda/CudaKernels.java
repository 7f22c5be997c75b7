package dev.bitnet.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * {@code CudaKernels} is the loaded kernel module ({@code src/main/cuda/bitnet.cu}) of one
 * {@link CudaContext}, with one typed launcher per kernel. Layouts and formulas are documented in
 * the CUDA source's header; every launcher must run on the context's owner thread.
 *
 * <p>Image choice: on a compute capability 9.0 device the kept sm_90 cubin is loaded (no JIT);
 * elsewhere, or if the cubin is refused, the compute_90 PTX is JIT-compiled by the driver. The
 * system property {@value #IMAGE_PROPERTY} ({@code auto}, {@code ptx}, {@code cubin}) forces one.
 *
 * @since 0.1
 */
public final class CudaKernels {

    /** System property choosing the module image: {@code auto} (default), {@code ptx} or {@code cubin}. */
    public static final String IMAGE_PROPERTY = "bitnet.cuda.image";
    static final String PTX_RESOURCE = "/cuda/bitnet.ptx";
    static final String CUBIN_RESOURCE = "/cuda/bitnet.sm_90.cubin";

    // must match the CUDA source
    static final int GEMM_WARPS = 8;
    static final int GEMM_TOKENS = 8;
    /** Rows of the decode kernel hold at most MV_UNROLL·32 chunks of 64 elements. */
    static final int MATVEC_MAX_K = 4 * 32 * 64;
    static final int MATVEC_BLOCKS_PER_SM = 4;
    /** Rows of the several-rows-per-warp decode kernels hold at most 2·32 chunks of 64 elements. */
    static final int MATVEC_ROWS_MAX_K = 2 * 32 * 64;
    static final int HEAD_TOKENS = 4;
    static final int ATT_THREADS = 512;
    /** Threads of the one block per token that normalizes and quantizes a row (latency-bound at batch 1). */
    static final int NORM_THREADS = 1024;

    /** Output modes of the ternary matrix kernels. */
    static final int STORE = 0;
    static final int ACCUMULATE = 1;
    static final int RAW_INT32 = 2;

    /** Pre-activation modes of {@link #normQuantize}. */
    static final int PLAIN = 0;
    static final int RELU2_GATE = 1;
    static final int SILU_GATE = 2;

    /** Every entry point the Java side launches, by its extern "C" name in bitnet.cu. */
    static final java.util.List<String> NAMES = java.util.List.of("bitnet_norm_quantize", "bitnet_permute_int8",
            "bitnet_rmsnorm", "bitnet_i2s_matvec", "bitnet_i2s_gemm", "bitnet_embed_f16", "bitnet_f16_gemv",
            "bitnet_argmax", "bitnet_rope_store", "bitnet_attention", "bitnet_copy_u4", "bitnet_fill_ternary",
            "bitnet_fill_f16", "bitnet_fill_f32");

    /** One kernel entry point. */
    record Kernel(String name, MemorySegment function) {}

    private final CudaContext context;
    private final MemorySegment module;
    private final String image;
    final Kernel normQuantize, permuteInt8, rmsnorm, i2sMatvec, i2sMatvecR1, i2sMatvecR2, i2sMatvecR4, i2sGemm, embedF16, f16Gemv, argmax, ropeStore,
            attention, copyU4, fillTernary, fillF16, fillF32;
    private int attentionSharedLimit = 48 * 1024;

    private CudaKernels(CudaContext context, MemorySegment module, String image) {
        this.context = context;
        this.module = module;
        this.image = image;
        normQuantize = kernel("bitnet_norm_quantize");
        permuteInt8 = kernel("bitnet_permute_int8");
        rmsnorm = kernel("bitnet_rmsnorm");
        i2sMatvec = kernel("bitnet_i2s_matvec");
        i2sMatvecR1 = kernel("bitnet_i2s_matvec_r1");
        i2sMatvecR2 = kernel("bitnet_i2s_matvec_r2");
        i2sMatvecR4 = kernel("bitnet_i2s_matvec_r4");
        i2sGemm = kernel("bitnet_i2s_gemm");
        embedF16 = kernel("bitnet_embed_f16");
        f16Gemv = kernel("bitnet_f16_gemv");
        argmax = kernel("bitnet_argmax");
        ropeStore = kernel("bitnet_rope_store");
        attention = kernel("bitnet_attention");
        copyU4 = kernel("bitnet_copy_u4");
        fillTernary = kernel("bitnet_fill_ternary");
        fillF16 = kernel("bitnet_fill_f16");
        fillF32 = kernel("bitnet_fill_f32");
    }

    private Kernel kernel(String name) {
        return new Kernel(name, CudaDriver.moduleGetFunction(module, name));
    }

    static CudaKernels load(CudaContext context) {
        String choice = System.getProperty(IMAGE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
        if (!choice.equals("auto") && !choice.equals("ptx") && !choice.equals("cubin")) {
            throw new IllegalArgumentException(
                    "system property " + IMAGE_PROPERTY + " must be one of [auto, ptx, cubin] but was: " + choice);
        }
        boolean cubinFits = context.computeCapability() == 90;
        if (choice.equals("cubin") || (choice.equals("auto") && cubinFits)) {
            try {
                return new CudaKernels(context, loadImage(CUBIN_RESOURCE, false), "sm_90 cubin");
            } catch (CudaException e) {
                if (choice.equals("cubin")) {
                    throw e;
                }
                // fall through to the PTX, which the driver compiles for this device
            }
        }
        return new CudaKernels(context, loadImage(PTX_RESOURCE, true), "compute_90 PTX (JIT)");
    }

    private static MemorySegment loadImage(String resource, boolean nulTerminate) {
        byte[] bytes;
        try (InputStream in = CudaKernels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CudaException("cuModuleLoadDataEx", "kernel resource " + resource
                        + " is missing from the class path (was the jar built without src/main/resources/cuda?)", null);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CudaException("cuModuleLoadDataEx", "cannot read kernel resource " + resource + ": " + e, e);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(bytes.length + (nulTerminate ? 1 : 0), 16);
            MemorySegment.copy(bytes, 0, image, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return CudaDriver.moduleLoadData(image, resource);
        }
    }

    /** @return which image was loaded, e.g. {@code sm_90 cubin} */
    public String image() {
        return image;
    }

    void unload() {
        CudaDriver.moduleUnload(module);
    }

    // ---------------------------------------------------------------------------------- launchers

    /**
     * Per token row t of {@code x} (stride {@code ldx} floats): optional gate pre-activation,
     * RMSNorm with weight {@code w} (0 = no norm), int8 quantization in the chunk-major layout.
     */
    void normQuantize(long x, int ldx, long w, float eps, int n, int mode, long xq, long xscale, long xsum, int tokens) {
        context.launch().ptr(x).i32(ldx).ptr(w).f32(eps).i32(n).i32(mode).ptr(xq).ptr(xscale).ptr(xsum)
                .go(normQuantize, tokens, 1, NORM_THREADS, 0);
    }

    /** Permutes {@code tokens} plain int8 rows of {@code n} into the chunk-major layout, with their sums. */
    void permuteInt8(long src, int n, long dst, long sums, int tokens) {
        context.launch().ptr(src).i32(n).ptr(dst).ptr(sums).go(permuteInt8, tokens, 1, 256, 0);
    }

    /** y[t] = rmsnorm(x[t]) * w for {@code tokens} rows, optionally rounded to F16. */
    void rmsnorm(long x, int ldx, long w, float eps, int n, long y, int ldy, int tokens, boolean roundF16) {
        context.launch().ptr(x).i32(ldx).ptr(w).f32(eps).i32(n).ptr(y).i32(ldy).i32(roundF16 ? 1 : 0)
                .go(rmsnorm, tokens, 1, NORM_THREADS, 0);
    }

    /** Ternary product of a rows×K I2_S matrix with {@code tokens} quantized rows; mode STORE/ACCUMULATE/RAW_INT32. */
    void ternary(long w, long wscale, int rows, int k, long xq, long xscale, long xsum, int tokens, long out, int ldo,
            int mode) {
        int grid = (rows + GEMM_WARPS - 1) / GEMM_WARPS;
        if (tokens == 1 && k <= MATVEC_ROWS_MAX_K) {
            // several rows per warp: more loads in flight, activations shared; as many rows per warp
            // as still give every multiprocessor two blocks
            int sms = context.multiprocessors();
            int perWarp = rows >= sms * GEMM_WARPS * 4 * 2 ? 4 : rows >= sms * GEMM_WARPS * 2 * 2 ? 2 : 1;
            Kernel kernel = perWarp == 4 ? i2sMatvecR4 : perWarp == 2 ? i2sMatvecR2 : i2sMatvecR1;
            int blocks = (rows + GEMM_WARPS * perWarp - 1) / (GEMM_WARPS * perWarp);
            context.launch().ptr(w).ptr(wscale).i32(rows).i32(k).ptr(xq).ptr(xscale).ptr(xsum).ptr(out).i32(ldo)
                    .i32(mode).go(kernel, blocks, 1, GEMM_WARPS * 32, 0);
        } else if (tokens == 1 && k <= MATVEC_MAX_K) {
            // persistent grid: MATVEC_BLOCKS_PER_SM blocks per multiprocessor walk all rows
            int persistent = Math.min(grid, context.multiprocessors() * MATVEC_BLOCKS_PER_SM);
            context.launch().ptr(w).ptr(wscale).i32(rows).i32(k).ptr(xq).ptr(xscale).ptr(xsum).ptr(out).i32(ldo)
                    .i32(mode).go(i2sMatvec, persistent, 1, GEMM_WARPS * 32, 0);
        } else {
            context.launch().ptr(w).ptr(wscale).i32(rows).i32(k).ptr(xq).ptr(xscale).ptr(xsum).i32(tokens).ptr(out)
                    .i32(ldo).i32(mode).go(i2sGemm, grid, (tokens + GEMM_TOKENS - 1) / GEMM_TOKENS, GEMM_WARPS * 32, 0);
        }
    }

    /** x[t] = table[tokens[t]] (F16 rows of {@code dim}) as floats. */
    void embed(long table, long tokenIds, int dim, long x, int tokens) {
        context.launch().ptr(table).ptr(tokenIds).i32(dim).ptr(x).go(embedF16, tokens, 1, 256, 0);
    }

    /** out[t][r] = F16 row r · x[t] for {@code tokens} rows of x. */
    void f16Gemv(long w, int rows, int k, long x, int ldx, int tokens, long out, int ldo) {
        context.launch().ptr(w).i32(rows).i32(k).ptr(x).i32(ldx).i32(tokens).ptr(out).i32(ldo)
                .go(f16Gemv, (rows + GEMM_WARPS - 1) / GEMM_WARPS, (tokens + HEAD_TOKENS - 1) / HEAD_TOKENS,
                        GEMM_WARPS * 32, 0);
    }

    /** out[t] = argmax of logits row t. */
    void argmax(long logits, int n, int ld, long out, int tokens) {
        context.launch().ptr(logits).i32(n).i32(ld).ptr(out).go(argmax, tokens, 1, 1024, 0);
    }

    /** NEOX RoPE of q and k (angles from the host's cos/sin rows of headDim/2) and the KV-cache store. */
    void ropeStore(long qkv, int ldqkv, long pos, long seq, long kcache, long vcache, long cos, long sin, int layer,
            int layers, int heads, int kvHeads, int headDim, int roundKv, int roundQuery, int tokens) {
        context.launch().ptr(qkv).i32(ldqkv).ptr(pos).ptr(seq).ptr(kcache).ptr(vcache).ptr(cos).ptr(sin).i32(layer)
                .i32(layers).i32(heads).i32(kvHeads).i32(headDim).i32(roundKv).i32(roundQuery)
                .go(ropeStore, tokens, 1, 256, 0);
    }

    /**
     * Causal attention for {@code tokens} query rows; {@code maxPosition} bounds the score buffer;
     * {@code roundWeights} rounds the softmax weights to F16.
     */
    void attention(long qkv, int ldqkv, long pos, long seq, long kcache, long vcache, int layer, int layers, int heads,
            int kvHeads, int headDim, float scale, boolean roundWeights, long out, int ldo, int tokens,
            int maxPosition) {
        int shared = attentionSharedBytes(maxPosition);
        if (shared > attentionSharedLimit) {
            raiseAttentionSharedLimit(shared);
        }
        context.launch().ptr(qkv).i32(ldqkv).ptr(pos).ptr(seq).ptr(kcache).ptr(vcache).i32(layer).i32(layers)
                .i32(heads).i32(kvHeads).i32(headDim).f32(scale).i32(roundWeights ? 1 : 0).ptr(out).i32(ldo)
                .go(attention, heads, tokens, ATT_THREADS, shared);
    }

    static int attentionSharedBytes(int maxPosition) {
        int n = maxPosition + 1;
        return (((n + 3) & ~3) + ATT_THREADS) * Float.BYTES;
    }

    private void raiseAttentionSharedLimit(int bytes) {
        int optIn = CudaDriver.deviceAttribute(context.device(), CudaDriver.ATTR_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
        if (bytes > optIn) {
            throw new IllegalArgumentException("attention over " + (bytes / Float.BYTES - ATT_THREADS)
                    + " positions needs " + bytes + " bytes of shared memory but the device allows " + optIn);
        }
        CudaDriver.functionSetAttribute(attention.function(), CudaDriver.FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                bytes, attention.name());
        attentionSharedLimit = bytes;
    }

    /** Copies {@code words16} 16-byte words (bandwidth measurement). */
    void copy(long src, long dst, long words16) {
        int grid = context.multiprocessors() * 8;
        context.launch().ptr(src).ptr(dst).i64(words16).go(copyU4, grid, 1, 256, 0);
    }

    void fillTernary(long dst, long bytes, long seed) {
        context.launch().ptr(dst).i64(bytes).i64(seed).go(fillTernary, fillGrid(bytes), 1, 256, 0);
    }

    void fillF16(long dst, long count, long seed, float amplitude) {
        context.launch().ptr(dst).i64(count).i64(seed).f32(amplitude).go(fillF16, fillGrid(count), 1, 256, 0);
    }

    void fillF32(long dst, long count, float value) {
        context.launch().ptr(dst).i64(count).f32(value).go(fillF32, fillGrid(count), 1, 256, 0);
    }

    private int fillGrid(long count) {
        return (int) Math.max(1, Math.min((count + 255) / 256, (long) context.multiprocessors() * 32));
    }
}
