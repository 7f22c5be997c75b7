package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code FailureContext} tells the classifier where a performance test was when it failed: the
 * phase, the iteration reached and whether the runner's own timeout fired.
 *
 * @param testName          the test's display name, never {@code null}
 * @param phase             the phase the failure happened in
 * @param iterationReached  the 1-based iteration running when the failure happened within its phase, {@code 0} when unknown
 * @param iterationsPlanned the iterations planned for that phase, {@code 0} when unknown
 * @param timeoutFired      whether the runner's per-test timeout interrupted the test
 * @param timeout           the per-test timeout, {@code null} when none was set
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FailureContext(
        String testName,
        Phase phase,
        int iterationReached,
        int iterationsPlanned,
        boolean timeoutFired,
        @Nullable Duration timeout) {

    /** Where in a performance test's life a failure happened. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Phase {
        /** Before any timed work: test instance, parameters, set-up code. */
        SETUP("during set-up"),
        /** While loading a model or another input; I/O errors here are model load failures. */
        MODEL_LOAD("while loading the model"),
        /** During warm-up iterations (never counted). */
        WARMUP("in warm-up iteration"),
        /** During measured iterations. */
        MEASUREMENT("in measured iteration"),
        /** Not known. */
        UNKNOWN("");

        private final String wording;

        Phase(String wording) {
            this.wording = wording;
        }

        String wording() {
            return wording;
        }
    }

    public FailureContext {
        Objects.requireNonNull(testName, "testName must not be null");
        Objects.requireNonNull(phase, "phase must not be null");
        if (iterationReached < 0 || iterationsPlanned < 0) {
            throw new IllegalArgumentException("iterations must not be negative: reached " + iterationReached
                    + ", planned " + iterationsPlanned);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A context knowing only the test's name. */
    public static FailureContext of(String testName) {
        return new FailureContext(testName, Phase.UNKNOWN, 0, 0, false, null);
    }

    public FailureContext inPhase(Phase newPhase, int reached, int planned) {
        return new FailureContext(testName, newPhase, reached, planned, timeoutFired, timeout);
    }

    public FailureContext withTimeout(Duration newTimeout, boolean fired) {
        return new FailureContext(testName, phase, iterationReached, iterationsPlanned, fired, newTimeout);
    }

    /** Where the failure happened, e.g. "in measured iteration 3 of 5", or empty when unknown. */
    public String whereText() {
        if (phase == Phase.WARMUP || phase == Phase.MEASUREMENT) {
            if (iterationReached == 0) {
                return phase == Phase.WARMUP ? "during warm-up" : "during measurement";
            }
            return phase.wording() + " " + iterationReached + (iterationsPlanned > 0 ? " of " + iterationsPlanned : "");
        }
        return phase.wording();
    }
}
