package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code HistoryEntry} is one line of an environment class's history file: the summary of one
 * test's metrics in one run.
 *
 * @param schemaVersion {@link Baseline#SCHEMA_VERSION}
 * @param runId an id shared by all entries of one run (one launcher session), for grouping
 * @param time when the test finished
 * @param commit the commit id, {@code null} when unknown
 * @param testId the test's unique id
 * @param environmentClass the environment class slug
 * @param loaded whether other processes loaded the machine while the test was measured ({@link dev.bitnet.perf.env.OtherProcessLoad}:
 *     their CPU use at or above {@code perf.env.otherProcessesLimit} of the CPUs; the test's own threads never count); {@code false}
 *     when unknown. Entries written by earlier builds judged the one-minute load average, own threads included
 * @param metrics summaries by metric name, at least one
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record HistoryEntry(
        int schemaVersion,
        String runId,
        Instant time,
        @Nullable String commit,
        String testId,
        String environmentClass,
        boolean loaded,
        Map<String, MetricSummary> metrics) {

    public HistoryEntry {
        Objects.requireNonNull(runId, "runId must not be null");
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(testId, "testId must not be null");
        Objects.requireNonNull(environmentClass, "environmentClass must not be null");
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("metrics must not be empty");
        }
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
