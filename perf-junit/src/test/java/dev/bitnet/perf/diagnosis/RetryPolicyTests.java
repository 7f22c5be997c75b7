package dev.bitnet.perf.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@DisplayName("RetryPolicy")
class RetryPolicyTests {
    private final RetryPolicy policy = new RetryPolicy(List.of(SocketTimeoutException.class), 2);

    @Test
    @DisplayName("retries a declared type, also as a cause, while retries are left")
    void retriesDeclaredTypes() {
        Throwable wrapped = new UncheckedIOException(new SocketTimeoutException("read timed out"));
        assertThat(policy.retryableType(wrapped, 1)).contains(SocketTimeoutException.class);
        assertThat(policy.retryableType(wrapped, 2)).contains(SocketTimeoutException.class);
        assertThat(policy.retryableType(wrapped, 3)).isEmpty();
    }

    @Test
    @DisplayName("never retries other types, assertion errors or out-of-memory errors")
    void neverRetriesTheRest() {
        assertThat(policy.retryableType(new IOException("disk"), 1)).isEmpty();
        assertThat(policy.retryableType(new AssertionFailedError("slow", new SocketTimeoutException()), 1)).isEmpty();
        assertThat(policy.retryableType(new OutOfMemoryError(), 1)).isEmpty();
        assertThat(RetryPolicy.NONE.retryableType(new SocketTimeoutException(), 1)).isEmpty();
    }

    @Test
    @DisplayName("rejects declaring assertion or virtual machine errors transient")
    void rejectsUnretryableDeclarations() {
        assertThatThrownBy(() -> new RetryPolicy(List.of(OutOfMemoryError.class), 1))
                .hasMessage("transient exception types must not be assertion or virtual machine errors (those are never retried) but was: java.lang.OutOfMemoryError");
        assertThatThrownBy(() -> new RetryPolicy(List.of(AssertionFailedError.class), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
