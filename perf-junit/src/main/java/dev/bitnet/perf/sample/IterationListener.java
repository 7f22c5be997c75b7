package dev.bitnet.perf.sample;

import org.apiguardian.api.API;

/**
 * Told by the {@link Runner} after each iteration of a run finishes, e.g. to print progress lines
 * for long tests. Called on the test's own thread; must be cheap.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface IterationListener {

    /** A listener that does nothing. */
    IterationListener NONE = (phase, iteration, iterationsInPhase) -> { };

    /**
     * @param phase warm-up or measurement
     * @param iteration the 1-based iteration that just finished
     * @param iterationsInPhase the iterations of that phase
     */
    void iterationFinished(Phase phase, int iteration, int iterationsInPhase);
}
