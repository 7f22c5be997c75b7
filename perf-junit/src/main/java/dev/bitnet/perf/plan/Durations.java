package dev.bitnet.perf.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Parses and prints the durations of {@code timeout} attributes and the {@code perf.timeout}
 * configuration parameter. The grammar follows Jupiter's {@code @Timeout} parameters:
 * {@value #GRAMMAR}; a number without a unit means seconds.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Durations {

    /** The accepted format, quoted in error messages. */
    public static final String GRAMMAR = "<number> [ns|μs|us|ms|s|m|h|d]";

    private static final Pattern PATTERN =
            Pattern.compile("([1-9]\\d*)\\s*(ns|μs|us|ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

    private Durations() {}

    /**
     * Parses {@code text} such as {@code 500 ms} or {@code 2s}.
     *
     * @throws IllegalArgumentException when the text does not match {@link #GRAMMAR} or is zero
     */
    public static Duration parse(String text) {
        Matcher m = PATTERN.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "duration is not in the expected format (" + GRAMMAR + ") but was: " + text);
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration is too large: " + text, e);
        }
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "μs", "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException("unit without rule: " + unit);
        };
    }

    /**
     * Prints a duration the way Jupiter's timeout messages do: "10 milliseconds", "1 second",
     * "1500 milliseconds" (the largest unit that divides it exactly).
     */
    public static String describe(Duration duration) {
        long nanos = duration.toNanos();
        String[][] units = {
            {"86400000000000", "day"}, {"3600000000000", "hour"}, {"60000000000", "minute"},
            {"1000000000", "second"}, {"1000000", "millisecond"}, {"1000", "microsecond"}, {"1", "nanosecond"}
        };
        for (String[] unit : units) {
            long size = Long.parseLong(unit[0]);
            if (nanos % size == 0) {
                long amount = nanos / size;
                return amount + " " + unit[1] + (amount == 1 ? "" : "s");
            }
        }
        return nanos + " nanoseconds";
    }
}
