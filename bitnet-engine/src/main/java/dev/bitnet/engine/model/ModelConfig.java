package dev.bitnet.engine.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code ModelConfig} encapsulates the hyperparameters of a BitNet model, read from GGUF metadata.
 *
 * <p>Keys (llama.cpp {@code LLM_KV_*} names, prefixed with {@code general.architecture}), as the
 * bitnet.cpp fork reads them for {@code LLM_ARCH_BITNET} / {@code BITNET_25} / {@code BITNET_B158}:
 * {@code <arch>.embedding_length}, {@code .feed_forward_length}, {@code .block_count},
 * {@code .attention.head_count}, {@code .attention.head_count_kv} (defaults to the head count),
 * {@code .attention.layer_norm_rms_epsilon} (required, as in llama.cpp), {@code .rope.freq_base}
 * (default 10000), {@code .context_length}, {@code .attention.key_length} (default dim / heads),
 * {@code .rope.dimension_count} (default head dim; must equal it, as {@code build_bitnet_158}
 * asserts) and {@code .vocab_size} (default: the length of {@code tokenizer.ggml.tokens}).
 *
 * <p>Invariants: all sizes positive, {@code heads·headDim == dim} (the Q and output projections
 * are dim×dim in the fork's loader), {@code heads % kvHeads == 0}, {@code headDim} even,
 * {@code rmsEps} positive and finite, {@code ropeTheta} positive and finite.
 *
 * @param architecture  the {@code general.architecture} value
 * @param dim           hidden size (n_embd)
 * @param ffnDim        feed-forward size (n_ff)
 * @param layers        transformer blocks
 * @param heads         query heads
 * @param kvHeads       key/value heads (grouped-query attention when fewer than heads)
 * @param headDim       size of one head
 * @param vocab         vocabulary size (rows of the token embedding)
 * @param contextLength the context the model was trained for; the largest sequence a runner accepts
 * @param rmsEps        RMSNorm epsilon
 * @param ropeTheta     RoPE frequency base
 * @param ffnActivation the FFN gate activation, from the architecture
 * @since 0.1
 */
public record ModelConfig(String architecture, int dim, int ffnDim, int layers, int heads, int kvHeads,
        int headDim, int vocab, int contextLength, float rmsEps, float ropeTheta, Activation ffnActivation) {

    /** The architecture keys this engine runs, with their FFN activation. */
    public static final Map<String, Activation> ARCHITECTURES =
            Map.of("bitnet-b1.58", Activation.RELU2, "bitnet-25", Activation.RELU2, "bitnet", Activation.SILU);

    public ModelConfig {
        positive("dim", dim);
        positive("ffnDim", ffnDim);
        positive("layers", layers);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("vocab", vocab);
        positive("contextLength", contextLength);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "heads [" + heads + "] must be a multiple of kvHeads but kvHeads was: " + kvHeads);
        }
        if ((long) heads * headDim != dim) {
            throw new IllegalArgumentException("heads [" + heads + "] x headDim [" + headDim
                    + "] must equal dim but dim was: " + dim);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even for RoPE: " + headDim);
        }
        if (!(rmsEps > 0f) || !Float.isFinite(rmsEps)) {
            throw new IllegalArgumentException("rmsEps must be positive and finite: " + rmsEps);
        }
        if (!(ropeTheta > 0f) || !Float.isFinite(ropeTheta)) {
            throw new IllegalArgumentException("ropeTheta must be positive and finite: " + ropeTheta);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** @return width of the key and value projections: {@code kvHeads·headDim} */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** @return query heads per key/value head */
    public int kvMul() {
        return heads / kvHeads;
    }

    /**
     * Reads the configuration from GGUF metadata.
     *
     * @param metadata the file's key/value pairs (types as {@code GgufFile.metadata()} gives them)
     * @param source   the file, for messages
     * @throws ModelFormatException naming the file and key when a key is missing, mistyped or out of range,
     *                              or the architecture is not one of {@link #ARCHITECTURES}
     */
    public static ModelConfig fromMetadata(Map<String, Object> metadata, String source) {
        Object archValue = metadata.get("general.architecture");
        if (!(archValue instanceof String arch)) {
            throw new ModelFormatException(source + ": metadata key 'general.architecture' is "
                    + describe(archValue) + ", expected a string");
        }
        Activation activation = ARCHITECTURES.get(arch);
        if (activation == null) {
            throw new ModelFormatException(source + ": architecture '" + arch + "' is not supported; this build runs "
                    + ARCHITECTURES.keySet().stream().sorted().toList());
        }
        Keys keys = new Keys(metadata, source, arch);
        int dim = keys.integer("embedding_length", null);
        int ffnDim = keys.integer("feed_forward_length", null);
        int layers = keys.integer("block_count", null);
        int heads = keys.integer("attention.head_count", null);
        int kvHeads = keys.integer("attention.head_count_kv", heads);
        if (dim % heads != 0) {
            throw new ModelFormatException(source + ": metadata key '" + arch + ".embedding_length' is " + dim
                    + ", expected a multiple of '" + arch + ".attention.head_count' [" + heads + "]");
        }
        int headDim = keys.integer("attention.key_length", dim / heads);
        int valueLength = keys.integer("attention.value_length", headDim);
        if (valueLength != headDim) {
            throw new ModelFormatException(source + ": metadata key '" + arch + ".attention.value_length' is "
                    + valueLength + ", expected the key length " + headDim);
        }
        int ropeDims = keys.integer("rope.dimension_count", headDim);
        if (ropeDims != headDim) {
            throw new ModelFormatException(source + ": metadata key '" + arch + ".rope.dimension_count' is " + ropeDims
                    + ", expected the head size " + headDim + " (partial RoPE is not supported)");
        }
        Object tokens = metadata.get("tokenizer.ggml.tokens");
        Integer vocabDefault = tokens instanceof List<?> list ? list.size() : null;
        int vocab = keys.integer("vocab_size", vocabDefault);
        int contextLength = keys.integer("context_length", null);
        float rmsEps = keys.floating("attention.layer_norm_rms_epsilon", null);
        float ropeTheta = keys.floating("rope.freq_base", 10000f);
        try {
            return new ModelConfig(arch, dim, ffnDim, layers, heads, kvHeads, headDim, vocab, contextLength, rmsEps,
                    ropeTheta, activation);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": inconsistent hyperparameters: " + e.getMessage(), e);
        }
    }


    /** Reads the configuration of an open GGUF file; see {@link #fromMetadata}. */
    public static ModelConfig fromGguf(dev.bitnet.engine.gguf.GgufFile file) {
        return fromMetadata(file.metadata(), file.path().toString());
    }

    private static String describe(@Nullable Object value) {
        return value == null ? "missing" : "a " + value.getClass().getSimpleName() + " (" + value + ")";
    }

    /** Typed access to {@code <arch>.<suffix>} keys with messages naming file and key. */
    private record Keys(Map<String, Object> metadata, String source, String arch) {

        int integer(String suffix, @Nullable Integer defaultValue) {
            String key = arch + "." + suffix;
            Object value = metadata.get(key);
            if (value == null) {
                if (defaultValue == null) {
                    throw new ModelFormatException(source + ": metadata key '" + key + "' is missing");
                }
                return defaultValue;
            }
            long v;
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                v = ((Number) value).longValue();
            } else {
                throw new ModelFormatException(source + ": metadata key '" + key + "' is " + describe(value)
                        + ", expected an integer");
            }
            if (v <= 0 || v > Integer.MAX_VALUE) {
                throw new ModelFormatException(source + ": metadata key '" + key + "' is " + v
                        + ", expected a positive 32-bit integer");
            }
            return (int) v;
        }

        float floating(String suffix, @Nullable Float defaultValue) {
            String key = arch + "." + suffix;
            Object value = metadata.get(key);
            if (value == null) {
                if (defaultValue == null) {
                    throw new ModelFormatException(source + ": metadata key '" + key + "' is missing");
                }
                return defaultValue;
            }
            if (!(value instanceof Float || value instanceof Double)) {
                throw new ModelFormatException(source + ": metadata key '" + key + "' is " + describe(value)
                        + ", expected a float");
            }
            float f = ((Number) value).floatValue();
            if (!(f > 0f) || !Float.isFinite(f)) {
                throw new ModelFormatException(
                        source + ": metadata key '" + key + "' is " + f + ", expected a positive finite number");
            }
            return f;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s: dim %d, ffn %d (%s), %d layers, %d heads / %d kv heads of %d, vocab %d, context %d, eps %g, rope theta %g",
                architecture, dim, ffnDim, ffnActivation, layers, heads, kvHeads, headDim, vocab, contextLength,
                rmsEps, ropeTheta);
    }
}
