package dev.bitnet.perf.sample;

import org.apiguardian.api.API;

/**
 * Where in a run something happened: phase, 1-based iteration of the phase, and caller.
 *
 * @param phase warm-up or measurement
 * @param iteration 1-based iteration within the phase
 * @param iterationsInPhase iterations the phase was to run
 * @param caller 0-based calling thread
 * @param callers threads per iteration
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Position(Phase phase, int iteration, int iterationsInPhase, int caller, int callers) {

    /** "measured iteration 3 of 10" plus ", caller 2 of 4" when several threads call. */
    public String describe() {
        String where = phase.label() + " iteration " + iteration + " of " + iterationsInPhase;
        return callers > 1 ? where + ", caller " + (caller + 1) + " of " + callers : where;
    }
}
