package dev.bitnet.engine.cli;

/** A command line the CLI cannot run: unknown command or option, missing or malformed value. Exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
