package dev.bitnet.perf.junit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Our own small precondition helper (Jupiter's is internal): a failed condition is a configuration
 * error of the user's test, reported as {@link ExtensionConfigurationException}. The message is
 * built only when the condition fails.
 *
 * @since 0.1
 */
final class Preconditions {

    private Preconditions() {}

    static void condition(boolean ok, Supplier<String> message) {
        if (!ok) {
            throw new ExtensionConfigurationException(message.get());
        }
    }

    static ExtensionConfigurationException error(String message) {
        return new ExtensionConfigurationException(message);
    }
}
