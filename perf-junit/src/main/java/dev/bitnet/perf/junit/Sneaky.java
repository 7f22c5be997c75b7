package dev.bitnet.perf.junit;

/**
 * Rethrows any throwable unchanged, checked ones included, so that {@link dev.bitnet.perf.Measure}
 * can report the measured code's own exception without wrapping it.
 *
 * @since 0.1
 */
final class Sneaky {

    private Sneaky() {}

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException rethrow(Throwable thrown) throws T {
        throw (T) thrown;
    }
}
