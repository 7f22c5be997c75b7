package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code Severity} classifies a comparison against a baseline, with the names the original
 * project's comparison script used.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Severity {
    /** A significant regression beyond the critical threshold: fails the test. */
    CRITICAL,
    /** A significant regression beyond the warning threshold: reported, fails only when configured. */
    WARNING,
    /** No significant change, or one too small to matter. */
    STABLE,
    /** A significant improvement beyond the improvement threshold. */
    IMPROVEMENT;

    /** The lower-case name used in JSON output: {@code critical}, {@code warning}, {@code stable}, {@code improvement}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
