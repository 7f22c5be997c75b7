package dev.bitnet.perf.compare;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;
import org.apiguardian.api.API;

/**
 * {@code AdaptiveSampling} decides whether a sample is precise enough to be compared, or whether
 * more iterations should be measured.
 *
 * <p>Precision is the half-width of the 95% Student's t confidence interval of the mean, relative
 * to the mean. Sampling continues while it is wider than {@code targetHalfWidthPercent}, until
 * {@code maxSamples} values or the {@code budget} of measuring time is spent; a sample that is
 * still imprecise then is reported as a noisy environment, never as a regression.
 *
 * @param targetHalfWidthPercent the relative half-width to reach, in percent, positive; default 2.5
 * @param budget the measuring time that may be spent in total, positive; default 20 s
 * @param maxSamples the most samples to take, at least 2; default 200
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record AdaptiveSampling(double targetHalfWidthPercent, Duration budget, int maxSamples) {

    /** What to do next. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Decision {
        /** The interval is narrow enough: compare now. */
        PRECISE,
        /** Too wide, and budget is left: measure more. */
        CONTINUE,
        /** Too wide, and the budget or sample limit is spent: report a noisy environment. */
        NOISY
    }

    public AdaptiveSampling {
        if (!(targetHalfWidthPercent > 0) || Double.isInfinite(targetHalfWidthPercent)) {
            throw new IllegalArgumentException("targetHalfWidthPercent must be a positive finite number: " + targetHalfWidthPercent);
        }
        Objects.requireNonNull(budget, "budget must not be null");
        if (budget.isZero() || budget.isNegative()) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        if (maxSamples < 2) {
            throw new IllegalArgumentException("maxSamples must be at least 2: " + maxSamples);
        }
    }

    public static AdaptiveSampling defaults() {
        return new AdaptiveSampling(2.5, Duration.ofSeconds(20), 200);
    }

    /**
     * Decides from the samples so far and the measuring time spent.
     *
     * @param samples the values measured so far (the metric's samples), never {@code null}
     * @param spent measuring time spent so far
     */
    public Decision decide(double[] samples, Duration spent) {
        double halfWidth = relativeHalfWidthPercent(samples);
        if (halfWidth <= targetHalfWidthPercent) {
            return Decision.PRECISE;
        }
        if (samples.length >= maxSamples || spent.compareTo(budget) >= 0) {
            return Decision.NOISY;
        }
        return Decision.CONTINUE;
    }

    /**
     * The half-width of the 95% t-interval of the mean relative to the mean, in percent;
     * infinity for fewer than two values or a mean of zero.
     */
    public static double relativeHalfWidthPercent(double[] samples) {
        if (samples.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double mean = Samples.mean(samples);
        if (mean == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double standardError = Math.sqrt(Samples.variance(samples) / samples.length);
        double t = new TDistribution(samples.length - 1).inverseCumulativeProbability(0.975);
        return t * standardError / Math.abs(mean) * 100.0;
    }
}
