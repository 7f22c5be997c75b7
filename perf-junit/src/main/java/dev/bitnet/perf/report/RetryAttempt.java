package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One retried attempt of a test that failed with an exception type it declared transient.
 *
 * @param attempt       1-based number of the failed attempt
 * @param exceptionType fully qualified class name of the exception
 * @param message       the exception's message, possibly empty
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RetryAttempt(int attempt, String exceptionType, String message) {
    public RetryAttempt {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        Objects.requireNonNull(exceptionType, "exceptionType must not be null");
        Objects.requireNonNull(message, "message must not be null");
    }
}
