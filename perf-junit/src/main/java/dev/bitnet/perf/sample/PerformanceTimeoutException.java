package dev.bitnet.perf.sample;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A performance test ran past its timeout. The message names the test, the limit and the iteration
 * reached, e.g. "sorts() timed out after 2 seconds in measured iteration 3 of 10".
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PerformanceTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable Position position;

    public PerformanceTimeoutException(String message, @Nullable Position position) {
        super(message);
        this.position = position;
    }

    /** The iteration that was running when the limit passed; {@code null} before the first one. */
    public @Nullable Position position() {
        return position;
    }

    static String message(String testName, Duration timeout, @Nullable Position position) {
        String where = position == null ? "before its first iteration" : "in " + position.describe();
        return testName + " timed out after " + dev.bitnet.perf.plan.Durations.describe(timeout) + " " + where;
    }
}
