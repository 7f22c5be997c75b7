package dev.bitnet.engine.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The KV cache of one sequence on the CPU: keys and values of every layer and position, off-heap.
 *
 * <p>Layout: {@code keys} and {@code values} are {@code (layer, position, kvDim)} elements, row-major:
 * IEEE half floats for {@link KvCacheType#F16} (as ggml's cache), floats for {@link KvCacheType#F32}.
 * Lifetime: one shared arena per sequence (a forward step may read it from kernel-pool threads),
 * closed by {@link #close()}; the cache does not count against the Java heap.
 */
final class CpuSequence implements Sequence {

    final CpuModelRunner owner;
    private final Arena arena;
    final MemorySegment keys;   // (layer, capacity, kvDim) halves or floats
    final MemorySegment values; // (layer, capacity, kvDim) halves or floats
    final KvCacheType type;
    final int elementBytes;
    private final int capacity;
    private final int kvDim;
    private int length;
    /** Whether an F16 cache holds an infinity or NaN (a value beyond the half range was stored). */
    volatile boolean nonFinite;
    private volatile boolean closed;

    CpuSequence(CpuModelRunner owner, int layers, int capacity, int kvDim, KvCacheType type) {
        this.owner = owner;
        this.capacity = capacity;
        this.kvDim = kvDim;
        this.type = type;
        this.elementBytes = type == KvCacheType.F16 ? Short.BYTES : Float.BYTES;
        this.arena = Arena.ofShared();
        long bytes = (long) layers * capacity * kvDim * elementBytes;
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

    /** @return the byte offset of (layer, position) in {@link #keys} and {@link #values} */
    long offset(int layer, int position) {
        return ((long) layer * capacity + position) * kvDim * elementBytes;
    }

    /** Writes one position's keys and values (rounded to F16 for an F16 cache, as ggml's copy does). */
    void store(int layer, int position, float[] k, float[] v) {
        long off = offset(layer, position);
        if (type == KvCacheType.F16) {
            boolean finite = true;
            for (int i = 0; i < kvDim; i++) {
                short hk = Float.floatToFloat16(k[i]);
                short hv = Float.floatToFloat16(v[i]);
                keys.set(ValueLayout.JAVA_SHORT, off + (long) i * Short.BYTES, hk);
                values.set(ValueLayout.JAVA_SHORT, off + (long) i * Short.BYTES, hv);
                finite &= (hk & 0x7C00) != 0x7C00 && (hv & 0x7C00) != 0x7C00;
            }
            if (!finite) {
                nonFinite = true;
            }
        } else {
            for (int i = 0; i < kvDim; i++) {
                keys.set(ValueLayout.JAVA_FLOAT, off + (long) i * Float.BYTES, k[i]);
                values.set(ValueLayout.JAVA_FLOAT, off + (long) i * Float.BYTES, v[i]);
            }
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
