package dev.bitnet.perf.sample;

import org.apiguardian.api.API;

/**
 * The part of a performance test that was running.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Phase {
    WARMUP("warm-up"),
    MEASUREMENT("measured");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** "warm-up" or "measured", as used in "in measured iteration 3 of 10". */
    public String label() {
        return label;
    }
}
