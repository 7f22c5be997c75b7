package dev.bitnet.perf.sample;

import java.util.List;
import org.apiguardian.api.API;

/**
 * One measured iteration: the calls it made (one per thread) and the process-wide readings taken
 * around it. Warm-up iterations never produce a {@code Sample}.
 *
 * <p>Invariants: {@code iteration >= 1}, {@code wallNanos >= 0}, at least one call; the process
 * readings are {@code >= 0} or {@link CallSample#UNKNOWN}.
 *
 * @param iteration 1-based index of the measured iteration
 * @param wallNanos wall-clock time from the start of the first call to the end of the last one
 * @param calls the calls of this iteration, one per thread, ordered by caller
 * @param gcCount garbage collections (all collectors) that happened during the iteration
 * @param gcTimeMillis collection time (all collectors) accumulated during the iteration
 * @param heapUsedBytes heap in use right after the iteration
 * @param rssBytes resident set size of the process after the iteration, or UNKNOWN off Linux and
 *     for iterations the runner did not sample (see {@code Runner.PROCESS_MEMORY_INTERVAL_NANOS})
 * @param peakRssBytes peak resident set size of the process so far, or UNKNOWN likewise
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Sample(
        int iteration,
        long wallNanos,
        List<CallSample> calls,
        long gcCount,
        long gcTimeMillis,
        long heapUsedBytes,
        long rssBytes,
        long peakRssBytes) {

    public Sample {
        if (iteration < 1) {
            throw new IllegalArgumentException("iteration must be 1 or more: " + iteration);
        }
        if (wallNanos < 0) {
            throw new IllegalArgumentException("wallNanos must not be negative: " + wallNanos);
        }
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("calls must not be empty");
        }
        CallSample.requireKnownOrUnknown("gcCount", gcCount);
        CallSample.requireKnownOrUnknown("gcTimeMillis", gcTimeMillis);
        CallSample.requireKnownOrUnknown("heapUsedBytes", heapUsedBytes);
        CallSample.requireKnownOrUnknown("rssBytes", rssBytes);
        CallSample.requireKnownOrUnknown("peakRssBytes", peakRssBytes);
    }

    /** Sum of the tokens recorded by this iteration's calls, or UNKNOWN when none recorded any. */
    public long tokens() {
        long sum = 0;
        boolean any = false;
        for (CallSample call : calls) {
            if (call.tokens() != CallSample.UNKNOWN) {
                sum += call.tokens();
                any = true;
            }
        }
        return any ? sum : CallSample.UNKNOWN;
    }
}
