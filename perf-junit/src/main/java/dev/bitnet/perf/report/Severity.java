package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The severity of a metric's change against its baseline, in the order reports list them.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Severity {
    CRITICAL, WARNING, IMPROVEMENT, STABLE, NO_BASELINE;

    static @Nullable Severity parse(String text) {
        String upper = text.trim().toUpperCase(java.util.Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (Severity s : values()) {
            if (s.name().equals(upper)) {
                return s;
            }
        }
        if (upper.equals("NONE") || upper.equals("MISSING") || upper.equals("NO_BASELINE") || upper.equals("MISSING_BASELINE")) {
            return NO_BASELINE;
        }
        return null;
    }

    /** The lowercase word used in reports, e.g. "critical". */
    public String word() {
        return this == NO_BASELINE ? "no baseline" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
