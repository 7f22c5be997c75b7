package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * {@code RetryPolicy} decides whether a failed measurement is retried: only when a test declared
 * the failure's type (or a cause's type) transient, and only {@code maxRetries} times. Assertion
 * errors and virtual machine errors (such as {@link OutOfMemoryError}) are never retried, whatever
 * was declared, and a verdict (a missed threshold, a regression) is not an exception at all, so a
 * retry can never turn a slow run into a pass.
 *
 * @param transientTypes the exception types declared transient
 * @param maxRetries     retries allowed after the first attempt, zero or more
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RetryPolicy(List<Class<? extends Throwable>> transientTypes, int maxRetries) {

    /** No retries. */
    public static final RetryPolicy NONE = new RetryPolicy(List.of(), 0);

    public RetryPolicy {
        transientTypes = List.copyOf(transientTypes);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        for (Class<? extends Throwable> type : transientTypes) {
            if (AssertionError.class.isAssignableFrom(type) || VirtualMachineError.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("transient exception types must not be assertion or virtual machine errors"
                        + " (those are never retried) but was: " + type.getName());
            }
        }
    }

    /**
     * The declared transient type that {@code failure} or one of its causes is an instance of,
     * when another attempt is still allowed after {@code failedAttempts} failed attempts.
     */
    public Optional<Class<? extends Throwable>> retryableType(Throwable failure, int failedAttempts) {
        if (failedAttempts > maxRetries) {
            return Optional.empty();
        }
        for (Throwable t : DiagnosisClassifier.causeChain(failure)) {
            if (t instanceof AssertionError || t instanceof VirtualMachineError) {
                return Optional.empty();
            }
        }
        for (Throwable t : DiagnosisClassifier.causeChain(failure)) {
            for (Class<? extends Throwable> type : transientTypes) {
                if (type.isInstance(t)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }
}
