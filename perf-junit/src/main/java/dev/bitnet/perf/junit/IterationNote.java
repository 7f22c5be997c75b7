package dev.bitnet.perf.junit;

/**
 * Attached with {@code addSuppressed} to an exception thrown by measured code, to say in which
 * iteration it was thrown; carries no stack trace of its own.
 *
 * @since 0.1
 */
final class IterationNote extends Exception {
    private static final long serialVersionUID = 1L;

    IterationNote(String message) {
        super(message, null, false, false);
    }
}
