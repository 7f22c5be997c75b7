package dev.bitnet.engine.gguf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * {@code GgufValue} is one typed metadata value of a GGUF file: its wire type, for arrays the
 * element type, and the Java value.
 *
 * <p>Java representation (the one {@link GgufFile#metadata()} exposes): integer scalars are
 * {@code Long} (UINT64 values above {@code Long.MAX_VALUE} wrap to negative, as in two's
 * complement), FLOAT32 is {@code Float}, FLOAT64 {@code Double}, BOOL {@code Boolean}, STRING
 * {@code String}. Arrays: STRING {@code List<String>}, FLOAT32 {@code float[]}, INT8, INT16, INT32,
 * UINT8 and UINT16 {@code int[]}, UINT32, INT64 and UINT64 {@code long[]}, BOOL {@code boolean[]},
 * FLOAT64 {@code double[]}, and arrays of arrays {@code List<GgufValue>} (each element an ARRAY
 * value). Array contents are copied on the way in and out.
 *
 * <p>Invariants: {@code elementType} is non-null exactly when {@code type} is ARRAY, and the value's
 * Java class and range match the types (e.g. a UINT8 array holds ints in [0, 255]).
 *
 * @param type the value's GGUF type
 * @param elementType the element type for arrays, {@code null} otherwise
 * @param value the Java value, see above
 */
public record GgufValue(GgufValueType type, @Nullable GgufValueType elementType, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if ((type == GgufValueType.ARRAY) != (elementType != null)) {
            throw new IllegalArgumentException("element type must be given exactly for ARRAY values: "
                    + type + "/" + elementType);
        }
        value = type == GgufValueType.ARRAY ? checkedArray(elementType, value) : checkedScalar(type, value);
    }

    // ---- factories ----

    public static GgufValue uint8(int v) { return new GgufValue(GgufValueType.UINT8, null, (long) v); }
    public static GgufValue int8(int v) { return new GgufValue(GgufValueType.INT8, null, (long) v); }
    public static GgufValue uint16(int v) { return new GgufValue(GgufValueType.UINT16, null, (long) v); }
    public static GgufValue int16(int v) { return new GgufValue(GgufValueType.INT16, null, (long) v); }
    public static GgufValue uint32(long v) { return new GgufValue(GgufValueType.UINT32, null, v); }
    public static GgufValue int32(int v) { return new GgufValue(GgufValueType.INT32, null, (long) v); }
    public static GgufValue uint64(long v) { return new GgufValue(GgufValueType.UINT64, null, v); }
    public static GgufValue int64(long v) { return new GgufValue(GgufValueType.INT64, null, v); }
    public static GgufValue float32(float v) { return new GgufValue(GgufValueType.FLOAT32, null, v); }
    public static GgufValue float64(double v) { return new GgufValue(GgufValueType.FLOAT64, null, v); }
    public static GgufValue bool(boolean v) { return new GgufValue(GgufValueType.BOOL, null, v); }
    public static GgufValue string(String v) { return new GgufValue(GgufValueType.STRING, null, v); }

    /** @return an array value of element type INT8, INT16, INT32, UINT8 or UINT16 */
    public static GgufValue intArray(GgufValueType elementType, int[] values) {
        return new GgufValue(GgufValueType.ARRAY, elementType, values);
    }

    /** @return an array value of element type UINT32, INT64 or UINT64 */
    public static GgufValue longArray(GgufValueType elementType, long[] values) {
        return new GgufValue(GgufValueType.ARRAY, elementType, values);
    }

    public static GgufValue floatArray(float[] values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.FLOAT32, values);
    }

    public static GgufValue doubleArray(double[] values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.FLOAT64, values);
    }

    public static GgufValue boolArray(boolean[] values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.BOOL, values);
    }

    public static GgufValue stringArray(List<String> values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.STRING, values);
    }

    /** @return an array whose elements are themselves ARRAY values */
    public static GgufValue nestedArray(List<GgufValue> arrays) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.ARRAY, arrays);
    }

    /** @return the value, with array contents copied so the caller cannot change this record */
    @Override
    public Object value() {
        return copyOf(value);
    }

    /** @return the number of elements of an array value, 1 for a scalar */
    public int length() {
        return switch (value) {
            case int[] a -> a.length;
            case long[] a -> a.length;
            case float[] a -> a.length;
            case double[] a -> a.length;
            case boolean[] a -> a.length;
            case List<?> l -> l.size();
            default -> 1;
        };
    }

    /**
     * @return the plain Java value as {@link GgufFile#metadata()} exposes it: like {@link #value()}
     *     but nested arrays become {@code List<Object>} of their plain values
     */
    public Object plainValue() {
        if (elementType == GgufValueType.ARRAY) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) value) {
                out.add(((GgufValue) o).plainValue());
            }
            return List.copyOf(out);
        }
        return value();
    }

    /** Raw access without copying, for the writer and the reader of this package. */
    Object rawValue() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufValue other && type == other.type && elementType == other.elementType
                && Objects.deepEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, elementType, Arrays.deepHashCode(new Object[] {value}));
    }

    @Override
    public String toString() {
        if (type != GgufValueType.ARRAY) {
            return type + " " + (value instanceof String s ? "'" + s + "'" : value);
        }
        return "ARRAY<" + elementType + ">[" + length() + "]";
    }

    // ---- validation ----

    private static Object checkedScalar(GgufValueType type, Object value) {
        switch (type) {
            case FLOAT32 -> requireClass(type, value, Float.class);
            case FLOAT64 -> requireClass(type, value, Double.class);
            case BOOL -> requireClass(type, value, Boolean.class);
            case STRING -> requireClass(type, value, String.class);
            default -> {
                requireClass(type, value, Long.class);
                checkIntegerRange(type, (Long) value);
            }
        }
        return value;
    }

    private static Object checkedArray(GgufValueType elementType, Object value) {
        switch (elementType) {
            case INT8, INT16, INT32, UINT8, UINT16 -> {
                int[] a = ((int[]) requireClass(elementType, value, int[].class)).clone();
                for (int v : a) {
                    checkIntegerRange(elementType, v);
                }
                return a;
            }
            case UINT32, INT64, UINT64 -> {
                long[] a = ((long[]) requireClass(elementType, value, long[].class)).clone();
                if (elementType == GgufValueType.UINT32) {
                    for (long v : a) {
                        checkIntegerRange(elementType, v);
                    }
                }
                return a;
            }
            case FLOAT32 -> {
                return ((float[]) requireClass(elementType, value, float[].class)).clone();
            }
            case FLOAT64 -> {
                return ((double[]) requireClass(elementType, value, double[].class)).clone();
            }
            case BOOL -> {
                return ((boolean[]) requireClass(elementType, value, boolean[].class)).clone();
            }
            case STRING -> {
                List<?> l = (List<?>) requireClass(elementType, value, List.class);
                for (Object o : l) {
                    if (!(o instanceof String)) {
                        throw new IllegalArgumentException("STRING array element must be a String but was: " + o);
                    }
                }
                return List.copyOf(l);
            }
            case ARRAY -> {
                List<?> l = (List<?>) requireClass(elementType, value, List.class);
                for (Object o : l) {
                    if (!(o instanceof GgufValue v) || v.type != GgufValueType.ARRAY) {
                        throw new IllegalArgumentException("nested array element must be an ARRAY GgufValue but was: " + o);
                    }
                }
                return List.copyOf(l);
            }
        }
        throw new AssertionError(elementType);
    }

    private static Object requireClass(GgufValueType type, Object value, Class<?> expected) {
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("a " + type + " value must be a " + expected.getSimpleName()
                    + " but was: " + value.getClass().getSimpleName());
        }
        return value;
    }

    private static void checkIntegerRange(GgufValueType type, long v) {
        boolean ok = switch (type) {
            case UINT8 -> v >= 0 && v <= 0xFF;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case UINT16 -> v >= 0 && v <= 0xFFFF;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("value out of range for " + type + ": " + v);
        }
    }

    private static Object copyOf(Object v) {
        return switch (v) {
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case boolean[] a -> a.clone();
            default -> v;
        };
    }
}
