// BitNet b1.58 forward-pass kernels for dev.bitnet.engine.cuda (loaded through the CUDA driver API
// from Java with cuModuleLoadDataEx; no runtime library is linked).
//
// Built by the Maven profile "cuda-kernels" (bitnet-engine/pom.xml) into
//   src/main/resources/cuda/bitnet.ptx        (compute_90 PTX, JIT-compiled by newer devices)
//   src/main/resources/cuda/bitnet.sm_90.cubin (machine code for compute capability 9.0)
// Every entry point is extern "C" so that cuModuleGetFunction finds it by its plain name.
//
// ---------------------------------------------------------------------------------------------
// Data layouts (the Java side, CudaKernels/CudaTransformer, writes and reads these)
//
// I2_S weights (bitnet.cpp's tensor layout, kept byte for byte on the device):
//   rows of K elements, K % 128 == 0, K/4 bytes per row, rows contiguous. Each 128-element block
//   is 32 bytes; byte b of a block holds element b (bits 7:6), b+32 (5:4), b+64 (3:2) and
//   b+96 (1:0), as codes 0,1,2 for -1,0,+1. The per-tensor scale lives in a separate f32 array
//   with one entry per row (so that q/k/v and gate/up can be concatenated into one matrix).
//   Why keep the layout: a little-endian 32-bit word at block byte b (b % 4 == 0) gives, after
//   (w >> 6) & 0x03030303, the codes of elements b..b+3 in its four bytes; >> 4, >> 2 and >> 0
//   give those of b+32.., b+64.., b+96... Each is one __dp4a against four *contiguous* int8
//   activations. A warp reads a row as 16-byte words (one "chunk" = 64 elements per lane),
//   32 lanes = 512 contiguous bytes per load instruction: fully coalesced, no repacking needed.
//
// Quantized activations ("chunk-major" permutation, written by the quantize kernels):
//   for one token with K elements there are C = K/64 chunks; chunk c covers block c/2, bytes
//   (c%2)*16 .. +15 of that block. Its four activation slices j = 0..3 (the ones that pair with
//   the weight shifts 6, 4, 2, 0) are x[(c/2)*128 + (c%2)*16 + 32*j + i], i = 0..15, stored at
//   xq[(j*C + c)*16 + i]. A warp whose lane l works on chunk c = l + 32*n then reads slice j
//   with one coalesced 16-byte load per lane.
//
// Dot product (same as the CPU kernels; see ScalarTernaryKernel):
//   acc = sum_k code(r,k) * q[k]  (int32, exact)
//   y   = ((float)(acc - sum_k q[k]) / s) * w_scale
//
// KV cache of one sequence: float [maxTokens][layers][kvDim], K and V in two buffers, so that
//   an entry's address does not depend on the sequence's capacity.
// ---------------------------------------------------------------------------------------------

#include <stdint.h>
#include <cuda_fp16.h>

#define WARP 32
#define FULL_MASK 0xffffffffu

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(FULL_MASK, v, o);
    return v;
}

__device__ __forceinline__ int warp_sum_int(int v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(FULL_MASK, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(FULL_MASK, v, o));
    return v;
}

// Block-wide reductions for blockDim.x a multiple of 32 and at most 1024. `scratch` holds 32
// entries; the result is returned to every thread.
__device__ float block_sum(float v, float* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float r = lane < warps ? scratch[lane] : 0.0f;
    r = warp_sum(r);
    return r;
}

__device__ float block_max(float v, float* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_max(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float r = lane < warps ? scratch[lane] : -INFINITY;
    r = warp_max(r);
    return r;
}

__device__ double block_sum_double(double v, double* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(FULL_MASK, v, o);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    double r = lane < warps ? scratch[lane] : 0.0;
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) r += __shfl_xor_sync(FULL_MASK, r, o);
    return r;
}

__device__ int block_sum_int(int v, int* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_sum_int(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    int r = lane < warps ? scratch[lane] : 0;
    r = warp_sum_int(r);
    return r;
}

// Position of element k of a token inside the chunk-major permutation (see the header).
__device__ __forceinline__ int chunk_major_index(int k, int chunks) {
    int block = k >> 7, e = k & 127;
    int j = e >> 5, within = e & 31;            // slice, and offset inside the 32-element slice
    int c = block * 2 + (within >> 4);          // chunk
    return (j * chunks + c) * 16 + (within & 15);
}

// ---------------------------------------------------------------------------------------------
// Activation quantization, fused with RMSNorm and the FFN gate
//
// Per token (one block each): v_i = pre(x)_i; RMSNorm as the CPU engine computes it (ggml's
// rms_norm + mul): sum of the float squares in double, mean = (float)(sum / n),
// r = 1 / (float)sqrt(mean + eps), y_i = (v_i * r) * w_i (no norm when w == NULL: y_i = v_i);
// then s = 127 / max(max|y|, 1e-5), q_i = clamp(rint(y_i * s), -128, 127).
// pre: mode 0 -> x_i; mode 1 -> relu(a_i)^2 * b_i; mode 2 -> silu(a_i) * b_i, with a = x[0..n)
// and b = x[n..2n) of the token's row (gate rows first, then up rows).
// The __f*_rn intrinsics keep nvcc from contracting products into FMAs, so that y, and hence the
// int8 codes, equal the CPU's bit for bit; only the order of the double sum differs.
// Outputs q (chunk-major), s and sum(q) per token. rint rounds half to even, like Math.rint.
// ---------------------------------------------------------------------------------------------

__device__ __forceinline__ float pre_value(const float* row, int i, int n, int mode) {
    if (mode == 0) return row[i];
    float a = row[i], b = row[n + i];
    if (mode == 1) {
        float r = fmaxf(a, 0.0f);
        return __fmul_rn(__fmul_rn(r, r), b);
    }
    float silu = __fdiv_rn(a, __fadd_rn(1.0f, (float)exp(-(double)a)));
    return __fmul_rn(silu, b);
}

// 1 / sqrt(mean + eps) exactly as the CPU engine computes it.
__device__ __forceinline__ float rms_scale(double sumSquares, int n, float eps) {
    float mean = (float)(sumSquares / (double)n);
    return __fdiv_rn(1.0f, (float)sqrt((double)__fadd_rn(mean, eps)));
}

// Up to NQ_PER_THREAD values per thread stay in registers (n <= NQ_PER_THREAD * blockDim.x, 8192
// with 1024 threads): one pass over global memory with all loads in flight. Longer rows recompute
// the values from global memory in each pass.
#define NQ_PER_THREAD 8

extern "C" __global__ void bitnet_norm_quantize(const float* __restrict__ x, int ldx,
                                               const float* __restrict__ w, float eps, int n,
                                               int mode, int8_t* __restrict__ xq,
                                               float* __restrict__ xscale, int* __restrict__ xsum) {
    __shared__ float fscratch[32];
    __shared__ double dscratch[32];
    __shared__ int iscratch[32];
    const int t = blockIdx.x;
    const float* row = x + (size_t)t * ldx;
    const int chunks = n >> 6;
    int8_t* q = xq + (size_t)t * n;
    int qs = 0;
    if (n <= NQ_PER_THREAD * (int)blockDim.x) {
        float v[NQ_PER_THREAD];
#pragma unroll
        for (int j = 0; j < NQ_PER_THREAD; j++) {
            int i = threadIdx.x + j * blockDim.x;
            v[j] = i < n ? pre_value(row, i, n, mode) : 0.0f;
        }
        if (w != nullptr) {
            double ss = 0.0;
#pragma unroll
            for (int j = 0; j < NQ_PER_THREAD; j++) ss += (double)__fmul_rn(v[j], v[j]);
            ss = block_sum_double(ss, dscratch);
            const float r = rms_scale(ss, n, eps);
#pragma unroll
            for (int j = 0; j < NQ_PER_THREAD; j++) {
                int i = threadIdx.x + j * blockDim.x;
                v[j] = i < n ? __fmul_rn(__fmul_rn(v[j], r), w[i]) : 0.0f;
            }
        }
        float amax = 0.0f;
#pragma unroll
        for (int j = 0; j < NQ_PER_THREAD; j++) amax = fmaxf(amax, fabsf(v[j]));
        amax = block_max(amax, fscratch);
        const float s = __fdiv_rn(127.0f, fmaxf(amax, 1e-5f));
#pragma unroll
        for (int j = 0; j < NQ_PER_THREAD; j++) {
            int i = threadIdx.x + j * blockDim.x;
            if (i < n) {
                float z = fminf(fmaxf(rintf(__fmul_rn(v[j], s)), -128.0f), 127.0f);
                int qi = (int)z;
                qs += qi;
                q[chunk_major_index(i, chunks)] = (int8_t)qi;
            }
        }
        qs = block_sum_int(qs, iscratch);
        if (threadIdx.x == 0) {
            xscale[t] = s;
            xsum[t] = qs;
        }
        return;
    }
    float r = 1.0f;
    if (w != nullptr) {
        double ss = 0.0;
        for (int i = threadIdx.x; i < n; i += blockDim.x) {
            float v = pre_value(row, i, n, mode);
            ss += (double)__fmul_rn(v, v);
        }
        ss = block_sum_double(ss, dscratch);
        r = rms_scale(ss, n, eps);
    }
    float amax = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = pre_value(row, i, n, mode);
        float y = w != nullptr ? __fmul_rn(__fmul_rn(v, r), w[i]) : v;
        amax = fmaxf(amax, fabsf(y));
    }
    amax = block_max(amax, fscratch);
    const float s = __fdiv_rn(127.0f, fmaxf(amax, 1e-5f));
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = pre_value(row, i, n, mode);
        float y = w != nullptr ? __fmul_rn(__fmul_rn(v, r), w[i]) : v;
        float z = rintf(__fmul_rn(y, s));
        z = fminf(fmaxf(z, -128.0f), 127.0f);
        int qi = (int)z;
        qs += qi;
        q[chunk_major_index(i, chunks)] = (int8_t)qi;
    }
    qs = block_sum_int(qs, iscratch);
    if (threadIdx.x == 0) {
        xscale[t] = s;
        xsum[t] = qs;
    }
}

// Test helper: permutes plain int8 rows (T rows of n) into the chunk-major layout and computes
// their sums, so that parity tests can feed exact activations to the matrix kernels.
extern "C" __global__ void bitnet_permute_int8(const int8_t* __restrict__ src, int n,
                                              int8_t* __restrict__ dst, int* __restrict__ sums) {
    __shared__ int iscratch[32];
    const int t = blockIdx.x;
    const int chunks = n >> 6;
    int qs = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        int8_t v = src[(size_t)t * n + i];
        qs += v;
        dst[(size_t)t * n + chunk_major_index(i, chunks)] = v;
    }
    qs = block_sum_int(qs, iscratch);
    if (threadIdx.x == 0) sums[t] = qs;
}

// Plain RMSNorm (the final norm before the output head): y = (x * r) * w, rounded to F16 when
// roundF16 (the CPU runner does that with an F16 KV cache, as ggml converts the head's input).
__device__ __forceinline__ float round_f16(float v) { return __half2float(__float2half_rn(v)); }

extern "C" __global__ void bitnet_rmsnorm(const float* __restrict__ x, int ldx,
                                         const float* __restrict__ w, float eps, int n,
                                         float* __restrict__ y, int ldy, int roundF16) {
    __shared__ double dscratch[32];
    const float* row = x + (size_t)blockIdx.x * ldx;
    double ss = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) ss += (double)__fmul_rn(row[i], row[i]);
    ss = block_sum_double(ss, dscratch);
    const float r = rms_scale(ss, n, eps);
    float* out = y + (size_t)blockIdx.x * ldy;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = __fmul_rn(__fmul_rn(row[i], r), w[i]);
        out[i] = roundF16 ? round_f16(v) : v;
    }
}

// ---------------------------------------------------------------------------------------------
// W2A8 matrix kernels: one warp per output row, TT tokens per pass (TT = 1: decode matvec).
// mode 0: out[t*ldo + r] = y; mode 1: out[t*ldo + r] += y (residual add);
// mode 2: ((int*)out)[t*ldo + r] = acc (the raw integer sum, for parity tests).
// ---------------------------------------------------------------------------------------------

#define GEMM_WARPS 8

__device__ __forceinline__ int dot_chunk(uint4 w, int4 x0, int4 x1, int4 x2, int4 x3, int acc) {
    const unsigned m = 0x03030303u;
    acc = __dp4a((int)((w.x >> 6) & m), x0.x, acc);
    acc = __dp4a((int)((w.y >> 6) & m), x0.y, acc);
    acc = __dp4a((int)((w.z >> 6) & m), x0.z, acc);
    acc = __dp4a((int)((w.w >> 6) & m), x0.w, acc);
    acc = __dp4a((int)((w.x >> 4) & m), x1.x, acc);
    acc = __dp4a((int)((w.y >> 4) & m), x1.y, acc);
    acc = __dp4a((int)((w.z >> 4) & m), x1.z, acc);
    acc = __dp4a((int)((w.w >> 4) & m), x1.w, acc);
    acc = __dp4a((int)((w.x >> 2) & m), x2.x, acc);
    acc = __dp4a((int)((w.y >> 2) & m), x2.y, acc);
    acc = __dp4a((int)((w.z >> 2) & m), x2.z, acc);
    acc = __dp4a((int)((w.w >> 2) & m), x2.w, acc);
    acc = __dp4a((int)(w.x & m), x3.x, acc);
    acc = __dp4a((int)(w.y & m), x3.y, acc);
    acc = __dp4a((int)(w.z & m), x3.z, acc);
    acc = __dp4a((int)(w.w & m), x3.w, acc);
    return acc;
}

__device__ __forceinline__ void store_result(float* out, int ldo, int t, int row, int acc,
                                             const float* xscale, const int* xsum, float wscale,
                                             int mode) {
    size_t at = (size_t)t * ldo + row;
    if (mode == 2) {
        reinterpret_cast<int*>(out)[at] = acc;
        return;
    }
    // (float)(acc - sum) / s * w_scale, as TernaryKernel.finish; no FMA with the residual add
    float y = __fmul_rn(__fdiv_rn((float)(acc - xsum[t]), xscale[t]), wscale);
    if (mode == 1) out[at] = __fadd_rn(out[at], y); else out[at] = y;
}

// Decode: one token. A persistent grid (a few blocks per multiprocessor) whose warps walk the rows
// with a stride of the whole grid; each warp loads its next row's weights (up to MV_UNROLL 16-byte
// words per lane, rows of K <= 8192) before it reduces the current one, so that memory stays busy
// instead of waiting for a new wave of blocks.
#define MV_UNROLL 4

__device__ __forceinline__ void load_row(const uint4* __restrict__ wr, int lane, int chunks, uint4 (&wv)[MV_UNROLL]) {
#pragma unroll
    for (int u = 0; u < MV_UNROLL; u++) {
        int c = lane + u * WARP;
        if (c < chunks) wv[u] = __ldcs(wr + c);
    }
}

extern "C" __global__ void __launch_bounds__(GEMM_WARPS * WARP)
bitnet_i2s_matvec(const uint8_t* __restrict__ w, const float* __restrict__ wscale, int rows, int K,
                  const int8_t* __restrict__ xq, const float* __restrict__ xscale,
                  const int* __restrict__ xsum, float* __restrict__ out, int ldo, int mode) {
    const int lane = threadIdx.x & 31;
    const int stride = gridDim.x * GEMM_WARPS;
    int row = blockIdx.x * GEMM_WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const int chunks = K >> 6;
    const size_t rowBytes = (size_t)(K >> 2);
    const int4* xs = reinterpret_cast<const int4*>(xq);
    uint4 cur[MV_UNROLL];
    load_row(reinterpret_cast<const uint4*>(w + (size_t)row * rowBytes), lane, chunks, cur);
    for (; row < rows; row += stride) {
        uint4 nxt[MV_UNROLL];
        const int next = row + stride;
        if (next < rows) load_row(reinterpret_cast<const uint4*>(w + (size_t)next * rowBytes), lane, chunks, nxt);
        int acc = 0;
#pragma unroll
        for (int u = 0; u < MV_UNROLL; u++) {
            int c = lane + u * WARP;
            if (c < chunks) {
                acc = dot_chunk(cur[u], __ldg(xs + c), __ldg(xs + chunks + c),
                                __ldg(xs + 2 * chunks + c), __ldg(xs + 3 * chunks + c), acc);
            }
        }
        acc = warp_sum_int(acc);
        if (lane == 0) store_result(out, ldo, 0, row, acc, xscale, xsum, wscale[row], mode);
#pragma unroll
        for (int u = 0; u < MV_UNROLL; u++) cur[u] = nxt[u];
    }
}

// Decode for rows of K <= 4096 (at most 64 chunks: two 16-byte words per lane and row): each warp
// computes R rows at once, so that every lane has 2·R weight loads in flight and each activation
// word it loads serves R rows. Grid: ceil(rows / (GEMM_WARPS·R)) blocks.
template <int R>
__device__ __forceinline__ void matvec_rows(const uint8_t* __restrict__ w, const float* __restrict__ wscale,
                                            int rows, int K, const int8_t* __restrict__ xq,
                                            const float* __restrict__ xscale, const int* __restrict__ xsum,
                                            float* __restrict__ out, int ldo, int mode) {
    const int lane = threadIdx.x & 31;
    const int row0 = (blockIdx.x * GEMM_WARPS + (threadIdx.x >> 5)) * R;
    if (row0 >= rows) return;
    const int chunks = K >> 6;
    const size_t rowBytes = (size_t)(K >> 2);
    const int4* xs = reinterpret_cast<const int4*>(xq);
    uint4 wv[R][2];
#pragma unroll
    for (int r = 0; r < R; r++) {
        const uint4* wr = reinterpret_cast<const uint4*>(w + (size_t)min(row0 + r, rows - 1) * rowBytes);
#pragma unroll
        for (int u = 0; u < 2; u++) {
            int c = lane + u * WARP;
            if (c < chunks) wv[r][u] = __ldcs(wr + c);
        }
    }
    int acc[R];
#pragma unroll
    for (int r = 0; r < R; r++) acc[r] = 0;
#pragma unroll
    for (int u = 0; u < 2; u++) {
        int c = lane + u * WARP;
        if (c < chunks) {
            int4 x0 = __ldg(xs + c), x1 = __ldg(xs + chunks + c), x2 = __ldg(xs + 2 * chunks + c),
                 x3 = __ldg(xs + 3 * chunks + c);
#pragma unroll
            for (int r = 0; r < R; r++) acc[r] = dot_chunk(wv[r][u], x0, x1, x2, x3, acc[r]);
        }
    }
#pragma unroll
    for (int r = 0; r < R; r++) {
        int a = warp_sum_int(acc[r]);
        if (lane == 0 && row0 + r < rows) store_result(out, ldo, 0, row0 + r, a, xscale, xsum, wscale[row0 + r], mode);
    }
}

#define MATVEC_ROWS_ENTRY(R)                                                                          \
    extern "C" __global__ void __launch_bounds__(GEMM_WARPS * WARP)                                   \
    bitnet_i2s_matvec_r##R(const uint8_t* __restrict__ w, const float* __restrict__ wscale, int rows, \
                           int K, const int8_t* __restrict__ xq, const float* __restrict__ xscale,    \
                           const int* __restrict__ xsum, float* __restrict__ out, int ldo, int mode) { \
        matvec_rows<R>(w, wscale, rows, K, xq, xscale, xsum, out, ldo, mode);                         \
    }
MATVEC_ROWS_ENTRY(1)
MATVEC_ROWS_ENTRY(2)
MATVEC_ROWS_ENTRY(4)

// Prefill and batches: grid (ceil(rows / GEMM_WARPS), ceil(T / 8)); each warp one row and up to
// 8 tokens, so that every weight word loaded is used 8 times.
#define GEMM_TOKENS 8
extern "C" __global__ void __launch_bounds__(GEMM_WARPS * WARP)
bitnet_i2s_gemm(const uint8_t* __restrict__ w, const float* __restrict__ wscale, int rows, int K,
                const int8_t* __restrict__ xq, const float* __restrict__ xscale,
                const int* __restrict__ xsum, int T, float* __restrict__ out, int ldo, int mode) {
    const int lane = threadIdx.x & 31;
    const int row = blockIdx.x * GEMM_WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const int t0 = blockIdx.y * GEMM_TOKENS;
    const int nt = min(GEMM_TOKENS, T - t0);
    const int chunks = K >> 6;
    const uint4* wr = reinterpret_cast<const uint4*>(w + (size_t)row * (K >> 2));
    int acc[GEMM_TOKENS];
#pragma unroll
    for (int t = 0; t < GEMM_TOKENS; t++) acc[t] = 0;
    for (int c = lane; c < chunks; c += WARP) {
        uint4 wv = __ldg(wr + c);
#pragma unroll
        for (int t = 0; t < GEMM_TOKENS; t++) {
            if (t < nt) {
                const int4* xs = reinterpret_cast<const int4*>(xq + (size_t)(t0 + t) * K);
                acc[t] = dot_chunk(wv, __ldg(xs + c), __ldg(xs + chunks + c),
                                   __ldg(xs + 2 * chunks + c), __ldg(xs + 3 * chunks + c), acc[t]);
            }
        }
    }
#pragma unroll
    for (int t = 0; t < GEMM_TOKENS; t++) {
        int a = warp_sum_int(acc[t]);
        if (lane == 0 && t < nt) store_result(out, ldo, t0 + t, row, a, xscale, xsum, wscale[row], mode);
    }
}

// ---------------------------------------------------------------------------------------------
// F16 matrices: token embedding lookup and the tied output head
// ---------------------------------------------------------------------------------------------

// x[t][i] = table[tokens[t]][i]; one block per token.
extern "C" __global__ void bitnet_embed_f16(const __half* __restrict__ table, const int* __restrict__ tokens,
                                           int dim, float* __restrict__ x) {
    const __half* row = table + (size_t)tokens[blockIdx.x] * dim;
    float* out = x + (size_t)blockIdx.x * dim;
    for (int i = threadIdx.x; i < dim; i += blockDim.x) out[i] = __half2float(row[i]);
}

// out[t*ldo + r] = sum_k w[r][k] * x[t*ldx + k] for T <= 4 tokens; one warp per row; K % 8 == 0.
#define HEAD_TOKENS 4
extern "C" __global__ void __launch_bounds__(GEMM_WARPS * WARP)
bitnet_f16_gemv(const __half* __restrict__ w, int rows, int K, const float* __restrict__ x, int ldx,
                int T, float* __restrict__ out, int ldo) {
    const int lane = threadIdx.x & 31;
    const int row = blockIdx.x * GEMM_WARPS + (threadIdx.x >> 5);
    if (row >= rows) return;
    const int t0 = blockIdx.y * HEAD_TOKENS;
    const int nt = min(HEAD_TOKENS, T - t0);
    const uint4* wr = reinterpret_cast<const uint4*>(w + (size_t)row * K);
    const int words = K >> 3;
    float acc[HEAD_TOKENS];
#pragma unroll
    for (int t = 0; t < HEAD_TOKENS; t++) acc[t] = 0.0f;
    constexpr int UNROLL = 4;
    for (int c0 = lane; c0 < words; c0 += WARP * UNROLL) {
        uint4 wv[UNROLL];
#pragma unroll
        for (int u = 0; u < UNROLL; u++) {
            int c = c0 + u * WARP;
            if (c < words) wv[u] = __ldcs(wr + c);
        }
#pragma unroll
        for (int u = 0; u < UNROLL; u++) {
            int c = c0 + u * WARP;
            if (c < words) {
                const __half2* h = reinterpret_cast<const __half2*>(&wv[u]);
                float2 f0 = __half22float2(h[0]), f1 = __half22float2(h[1]);
                float2 f2 = __half22float2(h[2]), f3 = __half22float2(h[3]);
#pragma unroll
                for (int t = 0; t < HEAD_TOKENS; t++) {
                    if (t < nt) {
                        const float4* xv = reinterpret_cast<const float4*>(x + (size_t)(t0 + t) * ldx) + 2 * c;
                        float4 a = __ldg(xv), b = __ldg(xv + 1);
                        float s = acc[t];
                        s = fmaf(f0.x, a.x, s); s = fmaf(f0.y, a.y, s);
                        s = fmaf(f1.x, a.z, s); s = fmaf(f1.y, a.w, s);
                        s = fmaf(f2.x, b.x, s); s = fmaf(f2.y, b.y, s);
                        s = fmaf(f3.x, b.z, s); s = fmaf(f3.y, b.w, s);
                        acc[t] = s;
                    }
                }
            }
        }
    }
#pragma unroll
    for (int t = 0; t < HEAD_TOKENS; t++) {
        float a = warp_sum(acc[t]);
        if (lane == 0 && t < nt) out[(size_t)(t0 + t) * ldo + row] = a;
    }
}

// Greedy decoding: out[t] = the first index of the largest logits[t*ld + i], i < n.
extern "C" __global__ void bitnet_argmax(const float* __restrict__ logits, int n, int ld, int* __restrict__ out) {
    __shared__ float best_v[32];
    __shared__ int best_i[32];
    const float* row = logits + (size_t)blockIdx.x * ld;
    float bv = -INFINITY;
    int bi = 0x7fffffff;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = row[i];
        if (v > bv) { bv = v; bi = i; }          // strided scan: first hit is the lowest index
    }
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        float ov = __shfl_xor_sync(FULL_MASK, bv, o);
        int oi = __shfl_xor_sync(FULL_MASK, bi, o);
        if (ov > bv || (ov == bv && oi < bi)) { bv = ov; bi = oi; }
    }
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    if (lane == 0) { best_v[warp] = bv; best_i[warp] = bi; }
    __syncthreads();
    if (warp == 0) {
        bv = lane < warps ? best_v[lane] : -INFINITY;
        bi = lane < warps ? best_i[lane] : 0x7fffffff;
#pragma unroll
        for (int o = 16; o > 0; o >>= 1) {
            float ov = __shfl_xor_sync(FULL_MASK, bv, o);
            int oi = __shfl_xor_sync(FULL_MASK, bi, o);
            if (ov > bv || (ov == bv && oi < bi)) { bv = ov; bi = oi; }
        }
        if (lane == 0) out[blockIdx.x] = bi == 0x7fffffff ? 0 : bi;
    }
}

// ---------------------------------------------------------------------------------------------
// Attention
// Token t of the step sits at position pos[t] of sequence seq[t]; kcache/vcache hold one device
// pointer per sequence. qkv rows are [q (heads*hd) | k (kvHeads*hd) | v (kvHeads*hd)].
// ---------------------------------------------------------------------------------------------

// NEOX RoPE on q (in place) and k, then k and v into the cache. One block per token.
// Pair (i, i + hd/2) of each head rotates by the angle whose cosine and sine the host computed
// for the token's position (cosTab/sinTab rows of hd/2, exactly the CPU engine's values:
// theta_i = pos * thetaScale^i by repeated float multiplication, cos/sin in double).
// roundKv: keys and values enter the cache rounded to F16 (KvCacheType.F16); roundQuery: the
// rotated query is rounded to F16 too (the CPU runner does that with an F16 cache, as ggml does).
extern "C" __global__ void bitnet_rope_store(float* __restrict__ qkv, int ldqkv,
                                            const int* __restrict__ pos, const int* __restrict__ seq,
                                            const unsigned long long* __restrict__ kcache,
                                            const unsigned long long* __restrict__ vcache,
                                            const float* __restrict__ cosTab, const float* __restrict__ sinTab,
                                            int layer, int layers, int heads, int kvHeads, int hd,
                                            int roundKv, int roundQuery) {
    const int t = blockIdx.x;
    const int p = pos[t];
    float* row = qkv + (size_t)t * ldqkv;
    const int half = hd >> 1;
    const int kvDim = kvHeads * hd;
    const float* ct = cosTab + (size_t)t * half;
    const float* st = sinTab + (size_t)t * half;
    float* kc = reinterpret_cast<float*>(kcache[seq[t]]) + ((size_t)p * layers + layer) * kvDim;
    float* vc = reinterpret_cast<float*>(vcache[seq[t]]) + ((size_t)p * layers + layer) * kvDim;
    const int pairs = (heads + kvHeads) * half;
    for (int idx = threadIdx.x; idx < pairs; idx += blockDim.x) {
        int h = idx / half, i = idx - h * half;
        float cs = ct[i], sn = st[i];
        float* base = row + h * hd;               // q heads, then k heads (contiguous)
        float x0 = base[i], x1 = base[i + half];
        float y0 = __fsub_rn(__fmul_rn(x0, cs), __fmul_rn(x1, sn));
        float y1 = __fadd_rn(__fmul_rn(x0, sn), __fmul_rn(x1, cs));
        if (h < heads) {
            if (roundQuery) { y0 = round_f16(y0); y1 = round_f16(y1); }
            base[i] = y0;
            base[i + half] = y1;
        } else {
            if (roundKv) { y0 = round_f16(y0); y1 = round_f16(y1); }
            int kh = h - heads;
            kc[kh * hd + i] = y0;
            kc[kh * hd + i + half] = y1;
        }
    }
    const float* v = row + (heads + kvHeads) * hd;
    for (int i = threadIdx.x; i < kvDim; i += blockDim.x) vc[i] = roundKv ? round_f16(v[i]) : v[i];
}

// Causal attention of one query head over positions 0..pos[t] of its sequence.
// grid (heads, T), block ATT_THREADS, dynamic shared memory (maxPos + 1) floats for the scores
// plus ATT_THREADS floats for partial sums. Scores: groups of 8 lanes per position.
#define ATT_THREADS 512
extern "C" __global__ void __launch_bounds__(ATT_THREADS)
bitnet_attention(const float* __restrict__ qkv, int ldqkv, const int* __restrict__ pos,
                 const int* __restrict__ seq, const unsigned long long* __restrict__ kcache,
                 const unsigned long long* __restrict__ vcache, int layer, int layers, int heads,
                 int kvHeads, int hd, float scale, int roundWeights, float* __restrict__ out, int ldo) {
    extern __shared__ float smem[];
    __shared__ float fscratch[32];
    __shared__ double dscratch[32];
    const int h = blockIdx.x, t = blockIdx.y;
    const int n = pos[t] + 1;
    float* scores = smem;                          // n floats
    float* partial = smem + ((n + 3) & ~3);        // ATT_THREADS floats
    const int kvDim = kvHeads * hd;
    const int kvh = h / (heads / kvHeads);
    const size_t stride = (size_t)layers * kvDim;   // floats between positions
    const float* kc = reinterpret_cast<const float*>(kcache[seq[t]]) + (size_t)layer * kvDim + kvh * hd;
    const float* vc = reinterpret_cast<const float*>(vcache[seq[t]]) + (size_t)layer * kvDim + kvh * hd;
    const float* q = qkv + (size_t)t * ldqkv + h * hd;

    // scores
    const int g = threadIdx.x >> 3, gl = threadIdx.x & 7, groups = ATT_THREADS / 8;
    for (int p0 = 0; p0 < n; p0 += groups) {
        int p = p0 + g;
        float s = 0.0f;
        if (p < n) {
            const float* k = kc + (size_t)p * stride;
#pragma unroll 16
            for (int i = gl; i < hd; i += 8) s = fmaf(q[i], k[i], s);   // unrolled: loads in flight
        }
        s += __shfl_xor_sync(FULL_MASK, s, 4);
        s += __shfl_xor_sync(FULL_MASK, s, 2);
        s += __shfl_xor_sync(FULL_MASK, s, 1);
        if (p < n && gl == 0) scores[p] = s * scale;
    }
    __syncthreads();
    // softmax
    float m = -INFINITY;
    for (int p = threadIdx.x; p < n; p += blockDim.x) m = fmaxf(m, scores[p]);
    m = block_max(m, fscratch);
    // softmax as the CPU engine (ggml soft_max_f32): expf(x - max), sum in double, times float 1/sum
    double sum = 0.0;
    for (int p = threadIdx.x; p < n; p += blockDim.x) {
        float e = (float)exp((double)__fsub_rn(scores[p], m));
        scores[p] = e;
        sum += (double)e;
    }
    sum = block_sum_double(sum, dscratch);
    const float inv = (float)(1.0 / sum);
    // roundWeights: decode steps with an F16 cache round the weights to F16, as the CPU runner does
    for (int p = threadIdx.x; p < n; p += blockDim.x) {
        float a = __fmul_rn(scores[p], inv);
        scores[p] = roundWeights ? round_f16(a) : a;
    }
    __syncthreads();
    // weighted values: thread = (dimension d, position lane pl); requires hd <= ATT_THREADS
    const int lanesPerDim = ATT_THREADS / hd;
    const int d = threadIdx.x % hd, pl = threadIdx.x / hd;
    float acc = 0.0f;
    if (pl < lanesPerDim) {
#pragma unroll 8
        for (int p = pl; p < n; p += lanesPerDim) acc = fmaf(scores[p], vc[(size_t)p * stride + d], acc);
    }
    partial[threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.x < hd) {
        float total = 0.0f;
        for (int l = 0; l < lanesPerDim; l++) total += partial[l * hd + threadIdx.x];
        out[(size_t)t * ldo + h * hd + threadIdx.x] = total;
    }
}

// ---------------------------------------------------------------------------------------------
// Benchmark and synthetic-weight helpers
// ---------------------------------------------------------------------------------------------

// Streaming copy for measuring device memory bandwidth (n 16-byte words).
extern "C" __global__ void bitnet_copy_u4(const uint4* __restrict__ src, uint4* __restrict__ dst,
                                         unsigned long long n) {
    for (unsigned long long i = blockIdx.x * (unsigned long long)blockDim.x + threadIdx.x; i < n;
         i += (unsigned long long)gridDim.x * blockDim.x) {
        dst[i] = __ldcs(src + i);
    }
}

__device__ __forceinline__ uint32_t mix32(uint64_t v) {
    v ^= v >> 33; v *= 0xff51afd7ed558ccdULL;
    v ^= v >> 33; v *= 0xc4ceb9fe1a85ec53ULL;
    v ^= v >> 33;
    return (uint32_t)v;
}

// Random ternary codes (0, 1, 2 only) for synthetic I2_S weights generated on the device.
extern "C" __global__ void bitnet_fill_ternary(uint8_t* __restrict__ dst, unsigned long long nbytes,
                                              unsigned long long seed) {
    for (unsigned long long i = blockIdx.x * (unsigned long long)blockDim.x + threadIdx.x; i < nbytes;
         i += (unsigned long long)gridDim.x * blockDim.x) {
        uint32_t h = mix32(seed * 0x9e3779b97f4a7c15ULL + i);
        uint32_t b = 0;
        for (int j = 0; j < 4; j++) { b = (b << 2) | (h % 3u); h /= 3u; }
        dst[i] = (uint8_t)b;
    }
}

// Uniform values in [-amplitude, amplitude) as F16, or a constant as F32.
extern "C" __global__ void bitnet_fill_f16(__half* __restrict__ dst, unsigned long long n,
                                          unsigned long long seed, float amplitude) {
    for (unsigned long long i = blockIdx.x * (unsigned long long)blockDim.x + threadIdx.x; i < n;
         i += (unsigned long long)gridDim.x * blockDim.x) {
        float u = (mix32(seed * 0x9e3779b97f4a7c15ULL + i) >> 8) * (1.0f / 16777216.0f);
        dst[i] = __float2half((2.0f * u - 1.0f) * amplitude);
    }
}

extern "C" __global__ void bitnet_fill_f32(float* __restrict__ dst, unsigned long long n, float value) {
    for (unsigned long long i = blockIdx.x * (unsigned long long)blockDim.x + threadIdx.x; i < n;
         i += (unsigned long long)gridDim.x * blockDim.x) {
        dst[i] = value;
    }
}
