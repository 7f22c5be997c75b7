package dev.bitnet.perf.threshold;

import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.sample.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A performance requirement on one statistic of one metric, and how its required value was
 * derived: the value as stated (in the metric's unit), then zero or more {@link DerivationStep}s
 * (environment scaling, calibration...), the last of which gives {@link #requiredValue()}.
 *
 * <p>Invariants: {@code statedValue} positive and finite; {@code percentile} in (0, 100] for
 * {@link Statistic#PERCENTILE} and 0 otherwise; {@code statedIn} names where the value was stated,
 * e.g. {@code @LatencyAtMost on method [sorts()]}.
 *
 * @param metric the constrained metric
 * @param statistic which statistic of its values
 * @param percentile the percentile for {@code PERCENTILE}, else 0
 * @param bound at most or at least
 * @param statedValue the value as written by the user, converted to the metric's unit
 * @param statedIn where the value was stated
 * @param steps the derivation from stated to required value, oldest first
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Threshold(
        Metric metric,
        Statistic statistic,
        double percentile,
        Bound bound,
        double statedValue,
        String statedIn,
        List<DerivationStep> steps) {

    public Threshold {
        if (!(statedValue > 0) || Double.isInfinite(statedValue)) {
            throw new IllegalArgumentException("statedValue must be positive and finite: " + statedValue);
        }
        if (statistic == Statistic.PERCENTILE ? !(percentile > 0 && percentile <= 100) : percentile != 0) {
            throw new IllegalArgumentException("percentile must lie in (0, 100] for PERCENTILE and be 0 otherwise: "
                    + statistic + " " + percentile);
        }
        steps = List.copyOf(steps);
    }

    /** A threshold as stated, with no derivation steps yet. */
    public static Threshold stated(
            Metric metric, Statistic statistic, double percentile, Bound bound, double value, String statedIn) {
        return new Threshold(metric, statistic, percentile, bound, value, statedIn, List.of());
    }

    /** The value the measured statistic must meet: the last step's value, or the stated one. */
    public double requiredValue() {
        return steps.isEmpty() ? statedValue : steps.get(steps.size() - 1).value();
    }

    /** "median", "p99"... */
    public String statisticLabel() {
        return statistic.label(percentile);
    }

    /**
     * A new threshold with one more step that multiplies the current required value by
     * {@code factor}.
     *
     * @param description why, e.g. {@code calibration factor 1.35 (measured reference loop)}
     */
    public Threshold scaled(String description, double factor) {
        List<DerivationStep> more = new ArrayList<>(steps);
        more.add(new DerivationStep(description, factor, requiredValue() * factor));
        return new Threshold(metric, statistic, percentile, bound, statedValue, statedIn, more);
    }

    /** Whether {@code measured} meets this threshold. */
    public boolean isMetBy(double measured) {
        return bound.isMet(measured, requiredValue());
    }

    /**
     * The derivation as one line: {@code 5 ms stated in @LatencyAtMost on method [x()]}, followed by
     * {@code → × 1.8 (reason) → 9 ms} for each step.
     */
    public String derivation() {
        StringBuilder out = new StringBuilder()
                .append(format(statedValue)).append(' ').append(metric.unit())
                .append(" stated in ").append(statedIn);
        for (DerivationStep step : steps) {
            out.append(" → × ").append(format(step.factor())).append(" (").append(step.description()).append(")")
                    .append(" → ").append(format(step.value())).append(' ').append(metric.unit());
        }
        return out.toString();
    }

    /** "latency_ms median ≤ 5 ms". */
    public String requirement() {
        return metric.canonicalName() + " " + statisticLabel() + " " + bound.symbol() + " "
                + format(requiredValue()) + " " + metric.unit();
    }

    /** Four significant digits, no exponent below 10^9: how all figures read in messages. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(4));
        String plain = rounded.stripTrailingZeros().toPlainString();
        return plain.length() > 16 ? String.format(Locale.ROOT, "%.4g", value) : plain;
    }
}
