package dev.bitnet.perf.threshold;

import org.apiguardian.api.API;

/**
 * Turns a stated {@link Threshold} into the one a test is judged against, adding a
 * {@link DerivationStep} for each factor it applies (environment scaling, a calibration factor,
 * a per-environment override...) so that the failure message can show the whole chain. The
 * default is {@link #AS_STATED}.
 *
 * <p>Implementations must be thread-safe: tests may run in parallel.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface ThresholdDeriver {

    /** Judges every threshold as stated. */
    ThresholdDeriver AS_STATED = (threshold, context) -> threshold;

    /**
     * Derives the threshold to judge against.
     *
     * @return {@code stated}, or a threshold made from it with {@link Threshold#scaled}
     */
    Threshold derive(Threshold stated, DerivationContext context);

    /** This derivation, then {@code next} on its result. */
    default ThresholdDeriver andThen(ThresholdDeriver next) {
        return (threshold, context) -> next.derive(derive(threshold, context), context);
    }
}
