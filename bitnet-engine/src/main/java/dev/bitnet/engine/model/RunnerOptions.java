package dev.bitnet.engine.model;

/**
 * {@code RunnerOptions} encapsulates how a {@link ModelRunner} is set up.
 *
 * @param threads       compute threads (CPU); at least 1
 * @param head          the output head mode
 * @param kvCache       the KV cache precision
 * @param maxBatchTokens the most token rows one forward step computes at once; longer prompts are
 *                      processed in chunks of this size (memory of the activation buffers grows with it)
 * @since 0.1
 */
public record RunnerOptions(int threads, OutputHead head, KvCacheType kvCache, int maxBatchTokens) {

    /** Default chunk of prompt tokens per forward step. */
    public static final int DEFAULT_MAX_BATCH_TOKENS = 64;

    public RunnerOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be at least 1: " + maxBatchTokens);
        }
    }

    /** @return the defaults with {@code threads} threads: exact head, F16 cache, 128-token chunks */
    public static RunnerOptions defaults(int threads) {
        return new RunnerOptions(threads, OutputHead.EXACT, KvCacheType.F16, DEFAULT_MAX_BATCH_TOKENS);
    }

    public RunnerOptions withThreads(int n) {
        return new RunnerOptions(n, head, kvCache, maxBatchTokens);
    }

    public RunnerOptions withHead(OutputHead h) {
        return new RunnerOptions(threads, h, kvCache, maxBatchTokens);
    }

    public RunnerOptions withKvCache(KvCacheType k) {
        return new RunnerOptions(threads, head, k, maxBatchTokens);
    }

    public RunnerOptions withMaxBatchTokens(int n) {
        return new RunnerOptions(threads, head, kvCache, n);
    }
}
