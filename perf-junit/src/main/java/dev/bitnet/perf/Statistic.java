package dev.bitnet.perf;

import org.apiguardian.api.API;

/**
 * The statistic of a metric's values that a threshold annotation constrains.
 *
 * @see LatencyAtMost#statistic()
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Statistic {
    /** The arithmetic mean; its 95% Student's t interval is shown in failure messages. */
    MEAN,
    /** The median (50th percentile); robust against a few slow outliers. */
    MEDIAN,
    /** The percentile given by the annotation's {@code percentile} attribute, in (0, 100]. */
    PERCENTILE,
    /** The smallest value. */
    MIN,
    /** The largest value. */
    MAX;

    /** "median", "p99", "mean"...: how the statistic reads in messages and report keys. */
    public String label(double percentile) {
        if (this == PERCENTILE) {
            return "p" + (percentile == Math.rint(percentile) ? String.valueOf((long) percentile) : String.valueOf(percentile));
        }
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
