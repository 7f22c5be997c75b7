package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One run's value of one metric of one test in an environment class's history.
 *
 * @param time   when the run happened (ISO-8601 text as stored), possibly empty
 * @param commit the commit id, possibly empty
 * @param test   the test's id or name
 * @param metric canonical metric name
 * @param value  the run's summary value (mean or median, as the history stores it)
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record HistoryPoint(String time, String commit, String test, String metric, double value) {
    public HistoryPoint {
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(commit, "commit must not be null");
        Objects.requireNonNull(test, "test must not be null");
        Objects.requireNonNull(metric, "metric must not be null");
    }
}
