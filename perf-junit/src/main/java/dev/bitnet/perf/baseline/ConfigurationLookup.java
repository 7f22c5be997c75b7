package dev.bitnet.perf.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The configuration parameters perf-baseline reads when no JUnit context is at hand: system
 * properties first, then {@code junit-platform.properties} on the class path, the order JUnit
 * itself uses after explicit launcher parameters.
 *
 * @since 0.1
 */
final class ConfigurationLookup {
    private ConfigurationLookup() {}

    private static final class ClasspathProperties {
        static final Properties PROPERTIES = load();

        private static Properties load() {
            Properties properties = new Properties();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = ConfigurationLookup.class.getClassLoader();
            }
            try (InputStream in = loader.getResourceAsStream("junit-platform.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException | IllegalArgumentException e) {
                // unreadable: JUnit reports it itself; we fall back to defaults
            }
            return properties;
        }
    }

    static Function<String, Optional<String>> systemThenClasspath() {
        return key -> {
            String value = System.getProperty(key);
            if (value != null) {
                return Optional.of(value);
            }
            return Optional.ofNullable(ClasspathProperties.PROPERTIES.getProperty(key));
        };
    }
}
