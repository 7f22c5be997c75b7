package dev.bitnet.perf.stats;

import org.apiguardian.api.API;

/**
 * An interval that holds a true parameter (the mean, a percentile) with the stated confidence.
 * Either bound is {@code NaN} when the sample is too small to give it.
 *
 * @param low lower bound, or NaN
 * @param high upper bound, or NaN
 * @param level confidence level in (0, 1), e.g. 0.95
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ConfidenceInterval(double low, double high, double level) {

    public ConfidenceInterval {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie in (0, 1): " + level);
        }
        if (low > high) {
            throw new IllegalArgumentException("low must not exceed high: [" + low + ", " + high + "]");
        }
    }

    /** An interval with unknown bounds at {@code level}. */
    public static ConfidenceInterval unknown(double level) {
        return new ConfidenceInterval(Double.NaN, Double.NaN, level);
    }

    /** Whether both bounds are known. */
    public boolean isKnown() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }
}
