package dev.bitnet.perf.verdict;

import java.util.List;
import org.apiguardian.api.API;

/**
 * One rule a performance test is judged by. The verdict is the sum of the findings of all checks
 * in the pipeline: {@link ThresholdCheck} by default, and later baseline comparison and
 * diagnoses. Implementations must be stateless or thread-safe: tests may run in parallel.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Check {

    /** A short stable name, e.g. {@code threshold}; used as {@link Finding#check()}. */
    String name();

    /**
     * Judges {@code evidence}.
     *
     * @return the findings, possibly empty when the check does not apply
     */
    List<Finding> evaluate(Evidence evidence);
}
