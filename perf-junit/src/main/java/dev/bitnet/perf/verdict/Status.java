package dev.bitnet.perf.verdict;

import org.apiguardian.api.API;

/**
 * The status of one {@link Finding}.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Status {
    /** The check passed. */
    PASSED,
    /** The check failed: the test fails. */
    FAILED,
    /** Worth a look, does not fail the test (e.g. a metric this OS cannot measure, high variation). */
    WARNING,
    /** Information only (e.g. an improvement over the baseline). */
    INFO
}
