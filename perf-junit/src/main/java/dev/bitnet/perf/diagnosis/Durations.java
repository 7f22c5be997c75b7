package dev.bitnet.perf.diagnosis;

import java.time.Duration;

/**
 * Readable durations for messages, e.g. "10 milliseconds", "1 second", "2.5 seconds".
 *
 * @since 0.1
 */
final class Durations {
    private Durations() {}

    static String readable(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return plural(nanos / 1_000_000_000L, "second");
        }
        if (nanos >= 1_000_000_000L) {
            return trim(nanos / 1e9) + " seconds";
        }
        if (nanos % 1_000_000L == 0) {
            return plural(nanos / 1_000_000L, "millisecond");
        }
        if (nanos % 1_000L == 0) {
            return plural(nanos / 1_000L, "microsecond");
        }
        return plural(nanos, "nanosecond");
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }

    private static String trim(double value) {
        String text = String.format(java.util.Locale.ROOT, "%.3f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
