package dev.bitnet.perf.sample;

import org.apiguardian.api.API;

/**
 * What one call of the measured code cost, as seen by the thread that made it.
 *
 * <p>Invariants: {@code caller >= 0}, {@code latencyNanos >= 0}; {@code tokens},
 * {@code allocatedBytes} and {@code cpuNanos} are either {@code >= 0} or {@link #UNKNOWN}.
 *
 * @param caller index of the calling thread, {@code 0 .. threads-1} (0 is the test's own thread)
 * @param latencyNanos wall-clock time of the call
 * @param tokens tokens the call recorded, or {@link #UNKNOWN} when it recorded none
 * @param allocatedBytes heap bytes the calling thread allocated during the call, or {@link #UNKNOWN}
 *     when the JVM cannot tell
 * @param cpuNanos CPU time of the calling thread during the call, or {@link #UNKNOWN}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CallSample(int caller, long latencyNanos, long tokens, long allocatedBytes, long cpuNanos) {

    /** Marks a quantity that was not recorded or cannot be measured on this JVM. */
    public static final long UNKNOWN = -1;

    public CallSample {
        if (caller < 0) {
            throw new IllegalArgumentException("caller must not be negative: " + caller);
        }
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latencyNanos must not be negative: " + latencyNanos);
        }
        requireKnownOrUnknown("tokens", tokens);
        requireKnownOrUnknown("allocatedBytes", allocatedBytes);
        requireKnownOrUnknown("cpuNanos", cpuNanos);
    }

    static void requireKnownOrUnknown(String name, long value) {
        if (value < UNKNOWN) {
            throw new IllegalArgumentException(name + " must be zero or more, or UNKNOWN (-1): " + value);
        }
    }
}
