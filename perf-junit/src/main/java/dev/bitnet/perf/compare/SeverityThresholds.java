package dev.bitnet.perf.compare;

import dev.bitnet.perf.sample.Direction;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * {@code SeverityThresholds} holds the magnitudes, in percent, at which a significant change of a
 * metric counts as critical, warning or improvement. The sign comes from the metric's
 * {@link Direction}: for tokens/s a critical threshold of 15 means a drop of 15% or more, for
 * latency a rise of 15% or more.
 *
 * @param criticalPercent worsening at or beyond which a significant change is critical, positive
 * @param warningPercent worsening at or beyond which it is a warning, positive and at most {@code criticalPercent}
 * @param improvementPercent betterment at or beyond which it is an improvement, positive
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SeverityThresholds(double criticalPercent, double warningPercent, double improvementPercent) {
    public SeverityThresholds {
        requirePositive("criticalPercent", criticalPercent);
        requirePositive("warningPercent", warningPercent);
        requirePositive("improvementPercent", improvementPercent);
        if (warningPercent > criticalPercent) {
            throw new IllegalArgumentException("warningPercent must not exceed criticalPercent: "
                    + warningPercent + " > " + criticalPercent);
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number: " + value);
        }
    }

    /**
     * Classifies a change. A change that is not significant is always {@link Severity#STABLE}.
     *
     * @param direction which way the metric improves
     * @param changePercent the signed relative change in percent (current versus baseline)
     * @param significant whether the change passed the significance rule
     */
    public Severity classify(Direction direction, double changePercent, boolean significant) {
        if (!significant || Double.isNaN(changePercent)) {
            return Severity.STABLE;
        }
        double worsening = worsening(direction, changePercent);
        if (worsening >= criticalPercent) {
            return Severity.CRITICAL;
        }
        if (worsening >= warningPercent) {
            return Severity.WARNING;
        }
        if (-worsening >= improvementPercent) {
            return Severity.IMPROVEMENT;
        }
        return Severity.STABLE;
    }

    /**
     * The change in percent expressed as "how much worse": positive means a regression.
     *
     * @param direction which way the metric improves
     * @param changePercent the signed relative change of the metric in percent
     */
    public static double worsening(Direction direction, double changePercent) {
        return direction == Direction.HIGHER_IS_BETTER ? -changePercent : changePercent;
    }
}
