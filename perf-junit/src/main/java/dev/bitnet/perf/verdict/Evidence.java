package dev.bitnet.perf.verdict;

import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.stats.SortedSample;
import dev.bitnet.perf.stats.Summary;
import dev.bitnet.perf.threshold.Threshold;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Everything a {@link Check} may judge: the plan, the raw samples, each metric's values and
 * summary, the derived thresholds and the environment summary. Immutable.
 *
 * @param plan the test's plan
 * @param samples the measured iterations
 * @param values each recorded metric's values, sorted
 * @param summaries each recorded metric's summary
 * @param thresholds the thresholds after derivation
 * @param environment the environment summary of the run
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Evidence(
        Plan plan,
        Samples samples,
        Map<Metric, SortedSample> values,
        Map<Metric, Summary> summaries,
        List<Threshold> thresholds,
        Map<String, Object> environment) {

    public Evidence {
        values = values.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(values));
        summaries = summaries.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(summaries));
        thresholds = List.copyOf(thresholds);
        environment = Map.copyOf(environment);
    }

    /** Summarizes every metric of {@code samples}. */
    public static Evidence of(Plan plan, Samples samples, List<Threshold> thresholds, Map<String, Object> environment) {
        Map<Metric, SortedSample> values = new EnumMap<>(Metric.class);
        Map<Metric, Summary> summaries = new EnumMap<>(Metric.class);
        samples.recordedValues().forEach((metric, raw) -> {
            SortedSample sorted = SortedSample.of(raw);
            values.put(metric, sorted);
            summaries.put(metric, sorted.summarize());
        });
        return new Evidence(plan, samples, values, summaries, thresholds, environment);
    }

    /** The values of {@code metric}, empty when it was not recorded. */
    public Optional<SortedSample> valuesOf(Metric metric) {
        return Optional.ofNullable(values.get(metric));
    }
}
