package dev.bitnet.perf.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code Calibration} is the measured speed of this machine relative to the reference machine.
 *
 * <p>{@code factor = referenceRoundNanos / medianRoundNanos}: above 1 this machine is faster than
 * the reference, below 1 slower. A threshold stated for the reference machine is scaled by it:
 * a throughput floor is multiplied by the factor, a time ceiling divided by it.
 *
 * @param factor reference time over this machine's time, positive
 * @param medianRoundNanos median time of one reference round here
 * @param minRoundNanos fastest round here
 * @param maxRoundNanos slowest round here
 * @param relativeSpread interquartile range of the round times over their median (0.02 = 2%)
 * @param rounds measured rounds (warm-up rounds excluded)
 * @param referenceRoundNanos the reference machine's median round time
 * @param referenceMachine a description of the reference machine
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Calibration(
        double factor,
        long medianRoundNanos,
        long minRoundNanos,
        long maxRoundNanos,
        double relativeSpread,
        int rounds,
        long referenceRoundNanos,
        String referenceMachine) {

    public Calibration {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be positive and finite: " + factor);
        }
        if (medianRoundNanos <= 0 || rounds < 1 || referenceRoundNanos <= 0) {
            throw new IllegalArgumentException("round times and counts must be positive: median " + medianRoundNanos
                    + " ns, rounds " + rounds + ", reference " + referenceRoundNanos + " ns");
        }
    }

    /** E.g. {@code factor 0.87 (reference round 2.10 ms / here 2.41 ms, spread 3.1%, 15 rounds)}. */
    public String describe() {
        return String.format(Locale.ROOT, "factor %.3f (reference round %.3f ms on %s / here %.3f ms, spread %.1f%%, %d rounds)",
                factor, referenceRoundNanos / 1e6, referenceMachine, medianRoundNanos / 1e6, relativeSpread * 100, rounds);
    }
}
