package dev.bitnet.perf.baseline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Started as a separate JVM by {@link BaselineStoreTests}: writes the same baseline and appends
 * history lines to the same store as its siblings, to check the cross-process locking.
 */
public final class ForkedWriterMain {
    private ForkedWriterMain() {}

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        int writer = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        BaselineStore store = new BaselineStore(root);
        for (int i = 0; i < rounds; i++) {
            double[] samples = new double[50];
            java.util.Arrays.fill(samples, writer * 1000 + i + 1);
            store.write(BaselineStoreTests.baseline("shared/test", writer + "-" + i, samples));
            store.appendHistory(new HistoryEntry(Baseline.SCHEMA_VERSION, "run-" + writer, Instant.now(), null, "shared/test",
                    BaselineStoreTests.CLASS, false, Map.of("latency_ms", MetricSummary.of(samples))));
        }
    }
}
