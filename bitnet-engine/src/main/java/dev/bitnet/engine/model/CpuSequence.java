package dev.bitnet.engine.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The KV cache of one sequence on the CPU: keys and values of every layer and position, off-heap.
 *
 * <p>Layout: elements are IEEE half floats for {@link KvCacheType#F16} (as ggml's cache), floats for
 * {@link KvCacheType#F32}. {@code values} are {@code (layer, kvHead, position, dimension)} elements,
 * row-major, so that a run of positions of one head is one contiguous run (converted from F16 in one
 * loop). {@code keys} are transposed in blocks of {@link Attention#BLOCK} positions:
 * {@code (layer, kvHead, position / BLOCK, dimension, position % BLOCK)}, so that the scores of a
 * block of positions are vertical vector arithmetic (see {@link Attention}). The position count is
 * rounded up to whole blocks.
 * Lifetime: one shared arena per sequence (a forward step may read it from kernel-pool threads),
 * closed by {@link #close()}; the cache does not count against the Java heap.
 */
final class CpuSequence implements Sequence {

    final CpuModelRunner owner;
    private final Arena arena;
    final MemorySegment keys;   // (layer, kvHeads, blocks, headDim, BLOCK) halves or floats
    final MemorySegment values; // (layer, kvHeads, blocks * BLOCK, headDim) halves or floats
    final KvCacheType type;
    final int elementBytes;
    final int headDim;
    private final int kvHeads;
    private final int blocks;
    private final int capacity;
    private final int kvDim;
    private int length;
    private volatile boolean closed;

    CpuSequence(CpuModelRunner owner, int layers, int capacity, int kvHeads, int headDim, KvCacheType type) {
        this.owner = owner;
        this.capacity = capacity;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.kvDim = kvHeads * headDim;
        this.blocks = Attention.roundUp(capacity) / Attention.BLOCK;
        this.type = type;
        this.elementBytes = type == KvCacheType.F16 ? Short.BYTES : Float.BYTES;
        this.arena = Arena.ofShared();
        long bytes = (long) layers * Attention.roundUp(capacity) * kvDim * elementBytes;
        try {
            // uninitialised (not Arena.allocate's zero fill): a position is always written before it
            // is read, so only the pages of positions in use become resident
            this.keys = dev.bitnet.engine.gguf.OffHeapMemory.allocate(bytes, 64, arena);
            this.values = dev.bitnet.engine.gguf.OffHeapMemory.allocate(bytes, 64, arena);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public int length() {
        checkOpen();
        return length;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void reset() {
        checkOpen();
        length = 0;
    }

    /** Marks {@code n} more positions as filled (after a forward step wrote them). */
    void advance(int n) {
        length += n;
    }

    /** @return the byte offset of (layer, kvHead, position) in {@link #values} */
    private long valueOffset(int layer, int kvHead, int position) {
        return (((long) layer * kvHeads + kvHead) * blocks * Attention.BLOCK + position) * headDim * elementBytes;
    }

    /** @return the byte offset of the transposed key block (layer, kvHead, block) in {@link #keys} */
    private long keyBlockOffset(int layer, int kvHead, int block) {
        return (((long) layer * kvHeads + kvHead) * blocks + block) * headDim * Attention.BLOCK * elementBytes;
    }

    /** Writes one position's keys and values (rounded to F16 for an F16 cache, as ggml's copy does). */
    void store(int layer, int position, float[] k, float[] v) {
        int block = position / Attention.BLOCK;
        int lane = position % Attention.BLOCK;
        if (type == KvCacheType.F16) {
            for (int h = 0; h < kvHeads; h++) {
                long keyOff = keyBlockOffset(layer, h, block) + (long) lane * Short.BYTES;
                for (int i = 0; i < headDim; i++) {
                    keys.set(ValueLayout.JAVA_SHORT, keyOff + (long) i * Attention.BLOCK * Short.BYTES,
                            Float.floatToFloat16(k[h * headDim + i]));
                }
            }
            for (int h = 0; h < kvHeads; h++) {
                long valueOff = valueOffset(layer, h, position);
                for (int i = 0; i < headDim; i++) {
                    values.set(ValueLayout.JAVA_SHORT, valueOff + (long) i * Short.BYTES, Float.floatToFloat16(v[h * headDim + i]));
                }
            }
        } else {
            for (int h = 0; h < kvHeads; h++) {
                long keyOff = keyBlockOffset(layer, h, block) + (long) lane * Float.BYTES;
                for (int i = 0; i < headDim; i++) {
                    keys.set(ValueLayout.JAVA_FLOAT, keyOff + (long) i * Attention.BLOCK * Float.BYTES, k[h * headDim + i]);
                }
            }
            for (int h = 0; h < kvHeads; h++) {
                MemorySegment.copy(v, h * headDim, values, ValueLayout.JAVA_FLOAT, valueOffset(layer, h, position), headDim);
            }
        }
    }

    /**
     * Reads the transposed key block (layer, kvHead, block) as floats: {@code out[i·BLOCK + p]} is
     * dimension {@code i} of position {@code block·BLOCK + p}. Positions not yet stored read as
     * whatever the memory holds.
     */
    void keyBlock(int layer, int kvHead, int block, float[] out) {
        read(keys, keyBlockOffset(layer, kvHead, block), out, 0, headDim * Attention.BLOCK);
    }

    /** Reads the values of key/value head {@code kvHead} at positions [t0, t0+m) into {@code out[(t−t0)·headDim + d]}. */
    void valueRows(int layer, int kvHead, int t0, int m, float[] out) {
        read(values, valueOffset(layer, kvHead, t0), out, 0, m * headDim);
    }

    private void read(MemorySegment seg, long off, float[] out, int outOff, int n) {
        if (type == KvCacheType.F32) {
            MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, off, out, outOff, n);
        } else {
            Numerics.halvesToFloats(seg, off, out, outOff, n);
        }
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Illegal state: sequence is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "CpuSequence[" + (closed ? "closed" : length + "/" + capacity) + "]";
    }
}
