package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One threshold of a test as the reports show it: what was required, how it was derived, what was measured.
 *
 * @param description e.g. "latency_ms median at most"
 * @param required    the derived required value
 * @param derivation  the chain from stated value to derived value, e.g. "stated 50 ms × calibration 1.3 = 65 ms", possibly empty
 * @param measured    the measured statistic
 * @param passed      whether the threshold was met
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ThresholdCheck(String description, double required, String derivation, double measured, boolean passed) {
    public ThresholdCheck {
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(derivation, "derivation must not be null");
    }
}
