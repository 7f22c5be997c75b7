package dev.bitnet.perf.record;

import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.sample.Position;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.stats.Summary;
import dev.bitnet.perf.threshold.Threshold;
import dev.bitnet.perf.verdict.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link PerfRecord}s from the core's values.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PerfRecords {

    private PerfRecords() {}

    /**
     * A record of a test that produced a verdict.
     */
    public static PerfRecord of(
            Plan plan,
            Instant startedAt,
            Instant finishedAt,
            Map<String, Object> environment,
            Samples samples,
            Map<Metric, Summary> summaries,
            List<Threshold> thresholds,
            Verdict verdict,
            PerfRecord.@Nullable ErrorInfo error) {
        Map<String, PerfRecord.MetricSummary> metrics = new LinkedHashMap<>();
        summaries.forEach((metric, summary) -> metrics.put(metric.canonicalName(), new PerfRecord.MetricSummary(
                metric.unit(), metric.direction().name(), metric.granularity().name(), summary)));
        return new PerfRecord(
                PerfRecord.SCHEMA_VERSION,
                new PerfRecord.TestInfo(plan.testId(), plan.className(), plan.methodName(), plan.displayName()),
                startedAt.toString(),
                finishedAt.toString(),
                config(plan),
                environment,
                samples.iterations(),
                metrics,
                thresholds.stream().map(PerfRecords::threshold).collect(Collectors.toList()),
                verdict,
                error);
    }

    /** The error part of a record for {@code thrown}, raised at {@code position} when known. */
    public static PerfRecord.ErrorInfo error(Throwable thrown, @Nullable Position position) {
        return new PerfRecord.ErrorInfo(
                thrown.getClass().getName(),
                thrown.getMessage(),
                position == null ? null : position.phase().name(),
                position == null ? null : position.iteration(),
                position == null ? null : position.caller());
    }

    static PerfRecord.RunConfig config(Plan plan) {
        return new PerfRecord.RunConfig(
                plan.mode().name(),
                plan.warmup(),
                plan.iterations(),
                plan.threads(),
                plan.timeout() == null ? null : plan.timeout().toNanos(),
                plan.settingSources());
    }

    static PerfRecord.ThresholdRecord threshold(Threshold t) {
        return new PerfRecord.ThresholdRecord(
                t.metric().canonicalName(),
                t.statisticLabel(),
                t.bound().name(),
                t.statedValue(),
                t.statedIn(),
                t.steps(),
                t.requiredValue(),
                t.derivation());
    }
}
