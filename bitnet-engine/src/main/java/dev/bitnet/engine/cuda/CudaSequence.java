package dev.bitnet.engine.cuda;

import dev.bitnet.engine.model.Sequence;

/**
 * A {@link Sequence} whose KV cache lives in device memory: keys and values as F32,
 * {@code [capacity][layers][kvDim]} each (F16-rounded when the runner's cache type is F16).
 *
 * @since 0.1
 */
final class CudaSequence implements Sequence {
    final CudaModelRunner owner;
    final long keys;      // device f32 (capacity, layers, kvDim)
    final long values;    // device f32 (capacity, layers, kvDim)
    private final int capacity;
    private int length;
    private boolean closed;

    CudaSequence(CudaModelRunner owner, long keys, long values, int capacity) {
        this.owner = owner;
        this.keys = keys;
        this.values = values;
        this.capacity = capacity;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void reset() {
        checkOpen();
        length = 0;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Illegal state: sequence is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.release(this);
        }
    }

    @Override
    public String toString() {
        return "CudaSequence[" + length + "/" + capacity + (closed ? ", closed" : "") + "]";
    }
}
