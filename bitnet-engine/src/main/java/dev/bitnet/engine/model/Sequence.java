package dev.bitnet.engine.model;

/**
 * {@code Sequence} is one conversation's state inside a {@link ModelRunner}: its KV cache and the
 * number of tokens already processed.
 *
 * <p>A sequence belongs to the runner that created it and is used by one thread at a time. Close
 * it to release its cache (off-heap or device memory) promptly.
 *
 * @since 0.1
 */
public interface Sequence extends AutoCloseable {

    /** @return tokens already in the cache; the next token goes to this position */
    int length();

    /** @return the most tokens this sequence can hold (its KV cache size) */
    int capacity();

    /** @return tokens that still fit: {@code capacity() - length()} */
    default int remaining() {
        return capacity() - length();
    }

    /** Forgets every cached token, so the sequence can start over; the cache memory is kept. */
    void reset();

    /** Releases the cache; further use throws {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}
