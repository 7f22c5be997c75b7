package dev.bitnet.perf.verdict;

import org.apiguardian.api.API;

/**
 * How a performance test ended.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Outcome {
    /** Every check passed (warnings and information allowed). */
    PASSED,
    /** At least one check failed. */
    FAILED,
    /** No verdict: the measured code threw or the test timed out. */
    ERRORED
}
