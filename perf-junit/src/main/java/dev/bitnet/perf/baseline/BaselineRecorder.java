package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.env.OtherProcessLoad;
import dev.bitnet.perf.record.PerfRecord;
import dev.bitnet.perf.record.RecordListener;
import dev.bitnet.perf.sample.Samples;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code BaselineRecorder} writes a test's samples as its new baseline when the run asks for it
 * ({@code perf.baseline.update=true}) and appends one summary per test to the history of the
 * environment class ({@code perf.baseline.history}, on by default, written only when the baseline
 * directory exists). Tests that measured nothing (they errored) write neither.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BaselineRecorder implements RecordListener {
    /** One id per JVM run, shared by its history lines: start time and process id. */
    static final String RUN_ID = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()) + "-"
            + ProcessHandle.current().pid();

    private final EnvironmentFingerprint fingerprint;
    private final BaselineCheck check;

    /** The working tree's commit, looked up once per JVM. */
    private static final class Commit {
        static final @org.jspecify.annotations.Nullable String ID = GitCommit.current().orElse(null);
    }

    public BaselineRecorder(EnvironmentFingerprint fingerprint, BaselineCheck check) {
        this.fingerprint = fingerprint;
        this.check = check;
    }

    @Override
    public void recorded(PerfRecord record, Path file) {
        String testId = record.test().id();
        try {
            BaselineSettings settings = check.settingsOf(testId);
            if (record.samples().isEmpty()) {
                return;
            }
            Samples samples = new Samples(record.samples());
            Map<String, MetricSamples> metrics = new LinkedHashMap<>();
            Map<String, MetricSummary> summaries = new LinkedHashMap<>();
            samples.recordedValues().forEach((metric, values) -> {
                metrics.put(metric.canonicalName(), new MetricSamples(metric.unit(), values));
                summaries.put(metric.canonicalName(), MetricSummary.of(values));
            });
            if (metrics.isEmpty()) {
                return;
            }
            String commit = Commit.ID;
            BaselineStore store = new BaselineStore(settings.directory());
            if (settings.update()) {
                store.write(Baseline.of(testId, record.test().displayName(), fingerprint, commit, Instant.now(), metrics));
            }
            // History goes where baselines live; a run that records none and finds no baseline
            // directory creates nothing (unit tests of other code stay side-effect free).
            if (settings.history() && java.nio.file.Files.isDirectory(settings.directory())) {
                // loaded: other processes competed for the CPUs while the test was measured (its own threads never count)
                boolean loaded = OtherProcessLoad.fromEnvironment(record.environment()).map(OtherProcessLoad::loaded).orElse(false);
                store.appendHistory(new HistoryEntry(Baseline.SCHEMA_VERSION, RUN_ID, Instant.now(), commit, testId,
                        fingerprint.environmentClass().slug(), loaded, summaries));
            }
        } finally {
            BaselineCheck.STATES.remove(testId);
        }
    }

}
