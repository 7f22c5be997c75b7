package dev.bitnet.perf.threshold;

import org.apiguardian.api.API;

/**
 * Which side of the required value a measured statistic must stay on.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Bound {
    /** measured ≤ required. */
    AT_MOST("at most", "≤"),
    /** measured ≥ required. */
    AT_LEAST("at least", "≥");

    private final String words;
    private final String symbol;

    Bound(String words, String symbol) {
        this.words = words;
        this.symbol = symbol;
    }

    /** "at most" / "at least". */
    public String words() {
        return words;
    }

    /** "≤" / "≥". */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code measured} meets {@code required}; NaN never does. */
    public boolean isMet(double measured, double required) {
        return this == AT_MOST ? measured <= required : measured >= required;
    }
}
