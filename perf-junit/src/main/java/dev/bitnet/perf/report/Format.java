package dev.bitnet.perf.report;

import java.util.Locale;

/**
 * Number formatting shared by the Markdown, HTML and console reports.
 *
 * @since 0.1
 */
final class Format {
    static final String NONE = "–";

    private Format() {}

    /** A value with about four significant figures, e.g. "1234.5", "12.35", "0.01235". */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1 || abs == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    static String withUnit(double value, String unit) {
        String text = number(value);
        return unit.isEmpty() || text.equals(NONE) ? text : text + " " + unit;
    }

    static String percent(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.1f%%", value) : NONE;
    }

    static String pValue(double p) {
        if (!Double.isFinite(p)) {
            return NONE;
        }
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** "12.3 [11.9, 12.7]" or the mean alone when the interval is unknown. */
    static String meanWithInterval(SummaryStats s) {
        if (Double.isFinite(s.ciLow()) && Double.isFinite(s.ciHigh())) {
            return number(s.mean()) + " [" + number(s.ciLow()) + ", " + number(s.ciHigh()) + "]";
        }
        return number(s.mean());
    }

    static String interval(Comparison c) {
        if (Double.isFinite(c.ciLowPercent()) && Double.isFinite(c.ciHighPercent())) {
            return "[" + percent(c.ciLowPercent()) + ", " + percent(c.ciHighPercent()) + "]";
        }
        return NONE;
    }

    static String outcomeWord(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
