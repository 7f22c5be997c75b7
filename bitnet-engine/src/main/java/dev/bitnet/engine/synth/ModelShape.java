package dev.bitnet.engine.synth;

import java.util.Objects;
import java.util.Set;

import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.quant.I2S;
import dev.bitnet.engine.tokenizer.SyntheticVocabulary;

/**
 * {@code ModelShape} fixes the hyperparameters of a synthetic BitNet model, in the names of the GGUF
 * keys that bitnet.cpp's loader reads ({@code <arch>.embedding_length} etc.).
 *
 * <p>Invariants: the architecture is one bitnet.cpp's llama.cpp fork knows ({@code bitnet-b1.58},
 * {@code bitnet-25} or {@code bitnet}); {@code dim} and {@code ffnDim} are multiples of 128 (the I2_S
 * block, so that every row of every projection is whole blocks); {@code heads} divides {@code dim},
 * {@code kvHeads} divides {@code heads}, the head dimension is even (NEOX RoPE rotates pairs);
 * the vocabulary holds at least the 256 byte tokens and the named specials; the token embedding is
 * F16, Q8_0 or Q6_K (the types {@code llama-quantize} leaves there), with rows of whole blocks.
 *
 * @param architecture {@code general.architecture}
 * @param dim hidden size ({@code embedding_length})
 * @param ffnDim feed-forward size ({@code feed_forward_length})
 * @param layers {@code block_count}
 * @param heads {@code attention.head_count}
 * @param kvHeads {@code attention.head_count_kv}
 * @param vocab {@code vocab_size}
 * @param contextLength {@code context_length}
 * @param ropeTheta {@code rope.freq_base}
 * @param rmsEps {@code attention.layer_norm_rms_epsilon}
 * @param embeddingType type of the tied {@code token_embd.weight}
 */
public record ModelShape(String architecture, int dim, int ffnDim, int layers, int heads, int kvHeads, int vocab,
        int contextLength, float ropeTheta, float rmsEps, GgmlType embeddingType) {

    /** Architecture keys of bitnet.cpp's fork (llama.cpp {@code LLM_ARCH_BITNET*}). */
    public static final Set<String> ARCHITECTURES = Set.of("bitnet-b1.58", "bitnet-25", "bitnet");

    public ModelShape {
        Objects.requireNonNull(architecture, "architecture must not be null");
        Objects.requireNonNull(embeddingType, "embeddingType must not be null");
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("architecture must be one of " + ARCHITECTURES + " but was: " + architecture);
        }
        requirePositiveMultiple("dim", dim, I2S.BLOCK_ELEMENTS);
        requirePositiveMultiple("ffnDim", ffnDim, I2S.BLOCK_ELEMENTS);
        if (layers <= 0 || heads <= 0 || kvHeads <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("layers, heads, kvHeads and contextLength must be positive: "
                    + layers + ", " + heads + ", " + kvHeads + ", " + contextLength);
        }
        if (dim % heads != 0 || (dim / heads) % 2 != 0) {
            throw new IllegalArgumentException("heads [" + heads + "] must divide dim [" + dim + "] into an even head dimension");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads [" + kvHeads + "] must divide heads [" + heads + "]");
        }
        if (vocab < SyntheticVocabulary.MIN_VOCAB_SIZE) {
            throw new IllegalArgumentException("vocab must be at least " + SyntheticVocabulary.MIN_VOCAB_SIZE + " but was: " + vocab);
        }
        if (!(ropeTheta > 0) || !(rmsEps > 0)) {
            throw new IllegalArgumentException("ropeTheta and rmsEps must be positive: " + ropeTheta + ", " + rmsEps);
        }
        if (embeddingType != GgmlType.F16 && embeddingType != GgmlType.Q8_0 && embeddingType != GgmlType.Q6_K) {
            throw new IllegalArgumentException("embeddingType must be F16, Q8_0 or Q6_K but was: " + embeddingType);
        }
        if (dim % embeddingType.blockSize() != 0) {
            throw new IllegalArgumentException("dim [" + dim + "] must be a multiple of the " + embeddingType
                    + " block size " + embeddingType.blockSize());
        }
    }

    /** A {@code bitnet-b1.58} shape with RoPE theta 500000, eps 1e-5 and an F16 embedding, as 2B4T. */
    public static ModelShape bitnetB158(int dim, int ffnDim, int layers, int heads, int kvHeads, int vocab, int contextLength) {
        return new ModelShape("bitnet-b1.58", dim, ffnDim, layers, heads, kvHeads, vocab, contextLength, 500000f, 1e-5f,
                GgmlType.F16);
    }

    public int headDim() {
        return dim / heads;
    }

    /** @return width of the K and V projections, {@code kvHeads * headDim} */
    public int kvDim() {
        return kvHeads * headDim();
    }

    /** @return weights per layer in the seven ternary projections */
    public long ternaryParametersPerLayer() {
        return 2L * dim * dim + 2L * dim * kvDim() + 3L * dim * ffnDim;
    }

    /** @return all parameters: embedding, projections and norms */
    public long parameterCount() {
        long norms = layers * (3L * dim + ffnDim) + dim;
        return (long) vocab * dim + layers * ternaryParametersPerLayer() + norms;
    }

    /** @return bytes of tensor data (without header and padding) */
    public long tensorBytes() {
        long i2s = 0;
        for (long n : new long[] {(long) dim * dim, (long) dim * kvDim(), (long) dim * kvDim(), (long) dim * dim,
                (long) dim * ffnDim, (long) dim * ffnDim, (long) ffnDim * dim}) {
            i2s += I2S.byteSize(n);
        }
        long norms = 4L * (layers * (3L * dim + ffnDim) + dim);
        return embeddingType.byteSize((long) vocab * dim) + layers * i2s + norms;
    }

    private static void requirePositiveMultiple(String name, int v, int m) {
        if (v <= 0 || v % m != 0) {
            throw new IllegalArgumentException(name + " must be a positive multiple of " + m + " but was: " + v);
        }
    }
}
