package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * {@code RunReport} encapsulates everything the reports of one run show: the tests (problems
 * first), the records that could not be read, the environment, and the history per environment
 * class.
 *
 * @param generatedAt  when the report was made (ISO-8601)
 * @param tests        the tests, in report order (see {@link #REPORT_ORDER})
 * @param broken       the record files that could not be read
 * @param environment  the environment of the run as text pairs (the first record's), possibly empty
 * @param history      per environment class, its history points in time order
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunReport(String generatedAt, List<TestResult> tests, List<BrokenRecord> broken,
        Map<String, String> environment, Map<String, List<HistoryPoint>> history) {

    /** Failures and aborts first, then critical and warning changes, then the rest; by label within a group. */
    public static final Comparator<TestResult> REPORT_ORDER = Comparator
            .comparing((TestResult t) -> t.outcome().ordinal() > Outcome.ABORTED.ordinal() ? 1 : 0)
            .thenComparing(t -> t.outcome() == Outcome.SKIPPED ? 1 : 0)
            .thenComparing(t -> t.worstSeverity().ordinal())
            .thenComparing(TestResult::outcome)
            .thenComparing(TestResult::label);

    public RunReport {
        Objects.requireNonNull(generatedAt, "generatedAt must not be null");
        List<TestResult> sorted = new ArrayList<>(tests);
        sorted.sort(REPORT_ORDER);
        tests = List.copyOf(sorted);
        broken = List.copyOf(broken);
        environment = java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
        TreeMap<String, List<HistoryPoint>> copy = new TreeMap<>();
        history.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        history = java.util.Collections.unmodifiableMap(copy);
    }

    public long count(Outcome outcome) {
        return tests.stream().filter(t -> t.outcome() == outcome).count();
    }

    public long count(Severity severity) {
        return tests.stream().filter(t -> t.worstSeverity() == severity).count();
    }

    /** Whether any test has a critical regression. */
    public boolean hasCriticalRegression() {
        return count(Severity.CRITICAL) > 0;
    }
}
