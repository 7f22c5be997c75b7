package dev.bitnet.perf.verdict;

import dev.bitnet.perf.sample.Metric;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link Check} found about one aspect of a performance test.
 *
 * @param check the name of the check that produced it, e.g. {@code threshold}
 * @param status passed, failed, warning or info
 * @param metric the metric it is about, or {@code null} when it is about the test as a whole
 * @param message one or more full sentences for people; failure messages follow STYLE.md
 * @param details machine-readable figures (JSON-compatible values: strings, numbers, booleans,
 *     lists, maps), written into the record as they are
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Finding(String check, Status status, @Nullable Metric metric, String message, Map<String, Object> details) {

    public Finding {
        if (check.isBlank()) {
            throw new IllegalArgumentException("check must not be blank");
        }
        if (message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
        // LinkedHashMap keeps the producer's key order in the record; unmodifiable afterwards.
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
