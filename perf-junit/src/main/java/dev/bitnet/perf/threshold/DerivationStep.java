package dev.bitnet.perf.threshold;

import org.apiguardian.api.API;

/**
 * One step from a stated threshold to the required value: a factor applied for a stated reason,
 * and the value it gave.
 *
 * @param description why the factor applies, e.g. {@code environment scaling: 2 cores vs 16 of the reference}
 * @param factor the multiplier, positive and finite
 * @param value the required value after this step, positive and finite
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DerivationStep(String description, double factor, double value) {

    public DerivationStep {
        if (description.isBlank()) {
            throw new IllegalArgumentException("description must not be blank");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be positive and finite: " + factor);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value must be positive and finite: " + value);
        }
    }
}
