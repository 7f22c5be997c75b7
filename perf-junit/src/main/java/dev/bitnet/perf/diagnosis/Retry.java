package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One failed attempt of a performance test that was retried because it failed with an exception
 * type the test declared transient; written into the run record's {@code retries}.
 *
 * @param attempt       1-based number of the failed attempt
 * @param exceptionType fully qualified class name of the exception
 * @param message       the exception's message, possibly empty
 * @param position      where it failed, e.g. "measured iteration 2 of 3", possibly empty
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Retry(int attempt, String exceptionType, String message, String position) {
    public Retry {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        Objects.requireNonNull(exceptionType, "exceptionType must not be null");
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(position, "position must not be null");
    }
}
