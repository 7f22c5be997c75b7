package dev.bitnet.engine.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The KV cache of one sequence on the CPU: keys and values of every layer and position, off-heap.
 *
 * <p>Layout: {@code keys} and {@code values} are {@code (layer, position, kvDim)} floats, row-major.
 * Lifetime: one shared arena per sequence (a forward step may read it from kernel-pool threads),
 * closed by {@link #close()}; the cache does not count against the Java heap.
 */
final class CpuSequence implements Sequence {

    final CpuModelRunner owner;
    private final Arena arena;
    final MemorySegment keys;   // (layer, capacity, kvDim) floats
    final MemorySegment values; // (layer, capacity, kvDim) floats
    private final int capacity;
    private final int kvDim;
    private int length;
    private volatile boolean closed;

    CpuSequence(CpuModelRunner owner, int layers, int capacity, int kvDim) {
        this.owner = owner;
        this.capacity = capacity;
        this.kvDim = kvDim;
        this.arena = Arena.ofShared();
        long bytes = (long) layers * capacity * kvDim * Float.BYTES;
        try {
            this.keys = arena.allocate(bytes, 64);
            this.values = arena.allocate(bytes, 64);
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

    /** @return the byte offset of (layer, position) in {@link #keys} and {@link #values} */
    long offset(int layer, int position) {
        return ((long) layer * capacity + position) * kvDim * Float.BYTES;
    }

    void store(int layer, int position, float[] k, float[] v, KvCacheType type) {
        long off = offset(layer, position);
        for (int i = 0; i < kvDim; i++) {
            keys.set(ValueLayout.JAVA_FLOAT, off + (long) i * Float.BYTES, type.round(k[i]));
            values.set(ValueLayout.JAVA_FLOAT, off + (long) i * Float.BYTES, type.round(v[i]));
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
