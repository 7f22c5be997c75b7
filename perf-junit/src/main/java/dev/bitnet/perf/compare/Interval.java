package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code Interval} is a confidence interval that carries its own confidence level.
 *
 * @param low lower bound
 * @param high upper bound, at least {@code low}
 * @param level confidence level in (0, 1), e.g. {@code 0.95}
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Interval(double low, double high, double level) {
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("interval bounds must be ordered numbers: [" + low + ", " + high + "]");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1): " + level);
        }
    }

    public double width() {
        return high - low;
    }

    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** Whether the whole interval lies outside [-band, +band]. */
    public boolean entirelyBeyond(double band) {
        return low > band || high < -band;
    }
}
