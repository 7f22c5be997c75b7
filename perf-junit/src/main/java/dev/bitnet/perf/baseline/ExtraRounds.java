package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.sample.Sample;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.verdict.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The seam through which the JUnit extension lets a {@link Check} measure more rounds of a test
 * while its workload can still run: right after the first measured round, on the thread that
 * measured it. {@link BaselineCheck} uses it for adaptive sampling and for re-measuring a
 * suspected critical regression.
 *
 * @since 0.1
 */
@API(status = INTERNAL, since = "0.1")
public final class ExtraRounds {

    /** Measures one more round of the test under {@code plan} (the same workload, no warm-up). */
    @FunctionalInterface
    @API(status = INTERNAL, since = "0.1")
    public interface RoundRunner {
        Samples run(Plan plan) throws Exception;
    }

    /** A check that may ask for more rounds. */
    @API(status = INTERNAL, since = "0.1")
    public interface Participant {
        /**
         * Called after the first round.
         *
         * @return the samples to evaluate: {@code first}, or {@code first} with more rounds appended
         */
        Samples afterFirstRound(Plan plan, Samples first, Duration firstRound, RoundRunner more,
                Function<String, Optional<String>> configuration) throws Exception;
    }

    private ExtraRounds() {}

    /**
     * Lets every participating check of the pipeline extend the first round.
     *
     * @param checks the pipeline's checks
     * @param configuration the JUnit configuration parameters of the test (which fall back to system properties)
     */
    public static Samples afterFirstRound(List<Check> checks, Plan plan, Samples first, Duration firstRound, RoundRunner more,
            Function<String, Optional<String>> configuration) throws Exception {
        Samples samples = first;
        for (Check check : checks) {
            if (check instanceof Participant) {
                samples = ((Participant) check).afterFirstRound(plan, samples, firstRound, more, configuration);
            }
        }
        return samples;
    }

    /** The plan of a further round: the same test and iterations, without warm-up. */
    public static Plan withoutWarmup(Plan plan) {
        return new Plan(plan.testId(), plan.displayName(), plan.className(), plan.methodName(), plan.mode(), 0, plan.iterations(),
                plan.threads(), plan.timeout(), plan.settingSources());
    }

    /** {@code first} followed by {@code more}, the iterations of {@code more} renumbered after those of {@code first}. */
    public static Samples append(Samples first, Samples more) {
        List<Sample> all = new ArrayList<>(first.iterations());
        int offset = first.size();
        for (Sample s : more.iterations()) {
            all.add(new Sample(s.iteration() + offset, s.wallNanos(), s.calls(), s.gcCount(), s.gcTimeMillis(), s.heapUsedBytes(),
                    s.rssBytes(), s.peakRssBytes()));
        }
        return new Samples(all);
    }
}
