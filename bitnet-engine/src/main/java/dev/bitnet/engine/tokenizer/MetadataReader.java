package dev.bitnet.engine.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to the {@code tokenizer.*} keys of a GGUF metadata map, in the Java types that
 * {@code GgufFile.metadata()} produces (integers as {@code Long}, INT32 arrays as {@code int[]}, FLOAT32
 * arrays as {@code float[]}, string arrays as {@code List<String>}). Every failure names the key, the
 * expected type and what was found.
 *
 * @since 0.1
 */
final class MetadataReader {
    private final Map<String, Object> metadata;

    MetadataReader(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    String string(String key) {
        Object v = required(key);
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "STRING", v);
    }

    Optional<String> optionalString(String key) {
        return metadata.containsKey(key) ? Optional.of(string(key)) : Optional.empty();
    }

    List<String> stringList(String key) {
        Object v = required(key);
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String)) {
                    throw new IllegalArgumentException("tokenizer metadata key '" + key + "' must be an array of STRING"
                            + " but element " + i + " was: " + describe(list.get(i)));
                }
            }
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) list;
            return strings;
        }
        if (v instanceof String[] array) {
            return List.of(array);
        }
        throw wrongType(key, "array of STRING", v);
    }

    Optional<float[]> optionalFloatArray(String key) {
        if (!metadata.containsKey(key)) {
            return Optional.empty();
        }
        @Nullable Object v = metadata.get(key);
        if (v instanceof float[] f) {
            return Optional.of(f);
        }
        if (v instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return Optional.of(f);
        }
        throw wrongType(key, "array of FLOAT32", v);
    }

    Optional<int[]> optionalIntArray(String key) {
        if (!metadata.containsKey(key)) {
            return Optional.empty();
        }
        @Nullable Object v = metadata.get(key);
        if (v instanceof int[] i) {
            return Optional.of(i);
        }
        if (v instanceof long[] l) {
            int[] i = new int[l.length];
            for (int k = 0; k < l.length; k++) {
                i[k] = Math.toIntExact(l[k]);
            }
            return Optional.of(i);
        }
        throw wrongType(key, "array of INT32", v);
    }

    /** An integer scalar that must fit an {@code int}; absent gives empty. */
    Optional<Integer> optionalInt(String key) {
        if (!metadata.containsKey(key)) {
            return Optional.empty();
        }
        @Nullable Object v = metadata.get(key);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long value = ((Number) v).longValue();
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "tokenizer metadata key '" + key + "' must fit a 32-bit integer but was: " + value);
            }
            return Optional.of((int) value);
        }
        throw wrongType(key, "integer", v);
    }

    Optional<Boolean> optionalBoolean(String key) {
        if (!metadata.containsKey(key)) {
            return Optional.empty();
        }
        @Nullable Object v = metadata.get(key);
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        throw wrongType(key, "BOOL", v);
    }

    private Object required(String key) {
        @Nullable Object v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("tokenizer metadata key '" + key + "' is missing");
        }
        return v;
    }

    private static IllegalArgumentException wrongType(String key, String expected, @Nullable Object actual) {
        return new IllegalArgumentException(
                "tokenizer metadata key '" + key + "' must be " + expected + " but was: " + describe(actual));
    }

    private static String describe(@Nullable Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
