package dev.bitnet.perf.junit;

import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.plan.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@code perf.*} configuration parameters of a run, parsed once and cached in the root store.
 * Following Jupiter's {@code TimeoutConfiguration}, an invalid value is logged as a warning and
 * ignored (the annotations or defaults then apply), while invalid annotation attributes fail the
 * test.
 *
 * @param enabled {@value PerformanceTest#ENABLED_KEY}
 * @param warmup {@value PerformanceTest#WARMUP_KEY}, or {@code null} when not set
 * @param iterations {@value PerformanceTest#ITERATIONS_KEY}, or {@code null}
 * @param threads {@value PerformanceTest#THREADS_KEY}, or {@code null}
 * @param timeout {@value PerformanceTest#TIMEOUT_KEY}, or {@code null}
 * @param recordsDirectory {@value PerformanceTest#RECORDS_DIR_KEY}
 * @param printEntries {@value PerformanceTest#PRINT_ENTRIES_KEY}
 * @since 0.1
 */
record RunConfiguration(
        boolean enabled,
        @Nullable Integer warmup,
        @Nullable Integer iterations,
        @Nullable Integer threads,
        @Nullable Duration timeout,
        Path recordsDirectory,
        boolean printEntries) {

    private static final Logger LOG = Logger.getLogger(RunConfiguration.class.getName());

    static RunConfiguration read(ExtensionContext context) {
        return new RunConfiguration(
                parameter(context, PerformanceTest.ENABLED_KEY, RunConfiguration::parseBoolean, "true or false")
                        .orElse(true),
                parameter(context, PerformanceTest.WARMUP_KEY, text -> atLeast(text, 0), "an integer of zero or more")
                        .orElse(null),
                parameter(context, PerformanceTest.ITERATIONS_KEY, text -> atLeast(text, 1), "an integer of one or more")
                        .orElse(null),
                parameter(context, PerformanceTest.THREADS_KEY, text -> atLeast(text, 1), "an integer of one or more")
                        .orElse(null),
                parameter(context, PerformanceTest.TIMEOUT_KEY, Durations::parse, "a duration " + Durations.GRAMMAR)
                        .orElse(null),
                parameter(context, PerformanceTest.RECORDS_DIR_KEY, Path::of, "a directory path")
                        .orElse(Path.of(PerformanceTest.DEFAULT_RECORDS_DIR)),
                parameter(context, PerformanceTest.PRINT_ENTRIES_KEY, RunConfiguration::parseBoolean, "true or false")
                        .orElse(true));
    }

    private static <T> Optional<T> parameter(
            ExtensionContext context, String key, Function<String, T> parser, String expected) {
        Optional<String> raw = context.getConfigurationParameter(key);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw.get().strip()));
        } catch (IllegalArgumentException e) { // includes NumberFormatException, InvalidPathException
            LOG.warning(() -> String.format(Locale.ROOT,
                    "Ignored invalid value '%s' set via the '%s' configuration parameter: expected %s.",
                    raw.get(), key, expected));
            return Optional.empty();
        }
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean: " + text);
    }

    private static Integer atLeast(String text, int minimum) {
        int value = Integer.parseInt(text);
        if (value < minimum) {
            throw new IllegalArgumentException("below " + minimum + ": " + text);
        }
        return value;
    }
}
