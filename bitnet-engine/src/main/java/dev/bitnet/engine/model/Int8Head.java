package dev.bitnet.engine.model;

import dev.bitnet.engine.kernel.FloatRowMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The opt-in int8 output head: each row of the classifier quantized to int8 with its own scale
 * ({@code scale_r = max|w_r| / 127}, {@code q = round(w / scale_r)}), made once at load time from
 * the model's (F16) matrix. It reads half the bytes of F16 per token; a logit differs from the
 * exact one by at most {@code scale_r/2 · Σ|x|} (the rounding of each weight).
 *
 * <p>Lifetime: the codes live in a shared arena owned by this object (read by kernel-pool threads),
 * released by {@link #close()} when the runner that made it closes.
 */
final class Int8Head implements FloatRowMatrix, AutoCloseable {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** As many bytes as F has float lanes: one load widens to one float vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            jdk.incubator.vector.VectorShape.forBitSize(F.length() * Byte.SIZE));

    private final Arena arena;
    private final MemorySegment codes; // (rows, cols) int8
    private final float[] scales;      // (rows)
    private final int rows;
    private final int cols;

    private Int8Head(Arena arena, MemorySegment codes, float[] scales, int rows, int cols) {
        this.arena = arena;
        this.codes = codes;
        this.scales = scales;
        this.rows = rows;
        this.cols = cols;
    }

    /** Quantizes every row of {@code source}. Time: one pass over the source matrix. */
    static Int8Head quantize(FloatRowMatrix source) {
        int rows = source.rows();
        int cols = source.cols();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment codes = arena.allocate((long) rows * cols, 64);
            float[] scales = new float[rows];
            float[] row = new float[cols];
            byte[] q = new byte[cols];
            for (int r = 0; r < rows; r++) {
                source.row(r, row, 0);
                float max = 0f;
                for (float v : row) {
                    max = Math.max(max, Math.abs(v));
                }
                float scale = max / 127f;
                float inv = scale == 0f ? 0f : 1f / scale;
                for (int i = 0; i < cols; i++) {
                    q[i] = (byte) Math.max(-127, Math.min(127, Math.round(row[i] * inv)));
                }
                scales[r] = scale;
                MemorySegment.copy(q, 0, codes, ValueLayout.JAVA_BYTE, (long) r * cols, cols);
            }
            return new Int8Head(arena, codes, scales, rows, cols);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public long byteSize() {
        return (long) rows * cols + (long) rows * Float.BYTES;
    }

    @Override
    public void row(int r, float[] out, int off) {
        long base = (long) r * cols;
        for (int i = 0; i < cols; i++) {
            out[off + i] = codes.get(ValueLayout.JAVA_BYTE, base + i) * scales[r];
        }
    }

    @Override
    public float dot(int r, float[] x, int off) {
        long base = (long) r * cols;
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        int upper = F.loopBound(cols);
        for (; i < upper; i += F.length()) {
            ByteVector b = ByteVector.fromMemorySegment(B, codes, base + i, java.nio.ByteOrder.nativeOrder());
            FloatVector w = (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
            acc = w.fma(FloatVector.fromArray(F, x, off + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            sum += codes.get(ValueLayout.JAVA_BYTE, base + i) * x[off + i];
        }
        return sum * scales[r];
    }

    @Override
    public float dotScalar(int r, float[] x, int off) {
        long base = (long) r * cols;
        float sum = 0f;
        for (int i = 0; i < cols; i++) {
            sum += codes.get(ValueLayout.JAVA_BYTE, base + i) * x[off + i];
        }
        return sum * scales[r];
    }

    @Override
    public void close() {
        arena.close();
    }
}
