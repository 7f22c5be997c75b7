package dev.bitnet.perf.compare;

import dev.bitnet.perf.sample.Direction;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * {@code MetricPolicy} couples a metric name with its direction and severity thresholds.
 *
 * <p>Defaults follow the original project's comparison script: tokens/s critical at -15%, warning
 * at -8%, improvement at +5%; latency critical at +25%, warning at +15%, improvement at -5%;
 * memory critical at +20%, warning at +10%, improvement at -5%. The other canonical metrics take
 * the closest of these: {@code throughput_ops} like tokens/s; {@code cpu_time_ms} and
 * {@code gc_time_ms} like latency; {@code allocated_bytes}, {@code peak_rss_mb} and {@code heap_used_mb} like memory; {@code gc_count} like latency.
 * A metric name we do not know is higher-is-better when it names a rate ({@code per_second},
 * {@code throughput}, {@code ops}) and lower-is-better with the latency thresholds otherwise.
 *
 * @param metricName canonical metric name, e.g. {@code latency_ms}
 * @param direction which way the metric improves
 * @param thresholds severity thresholds in percent
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MetricPolicy(String metricName, Direction direction, SeverityThresholds thresholds) {
    public static final SeverityThresholds THROUGHPUT_DEFAULTS = new SeverityThresholds(15, 8, 5);
    public static final SeverityThresholds LATENCY_DEFAULTS = new SeverityThresholds(25, 15, 5);
    public static final SeverityThresholds MEMORY_DEFAULTS = new SeverityThresholds(20, 10, 5);

    private static final Map<String, MetricPolicy> DEFAULTS = defaults();

    public MetricPolicy {
        Objects.requireNonNull(metricName, "metricName must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        Objects.requireNonNull(thresholds, "thresholds must not be null");
        if (metricName.isBlank()) {
            throw new IllegalArgumentException("metricName must not be blank");
        }
    }

    private static Map<String, MetricPolicy> defaults() {
        Map<String, MetricPolicy> map = new LinkedHashMap<>();
        put(map, "tokens_per_second", Direction.HIGHER_IS_BETTER, THROUGHPUT_DEFAULTS);
        put(map, "throughput_ops", Direction.HIGHER_IS_BETTER, THROUGHPUT_DEFAULTS);
        put(map, "latency_ms", Direction.LOWER_IS_BETTER, LATENCY_DEFAULTS);
        put(map, "cpu_time_ms", Direction.LOWER_IS_BETTER, LATENCY_DEFAULTS);
        put(map, "gc_time_ms", Direction.LOWER_IS_BETTER, LATENCY_DEFAULTS);
        put(map, "memory_usage_mb", Direction.LOWER_IS_BETTER, MEMORY_DEFAULTS);
        put(map, "peak_rss_mb", Direction.LOWER_IS_BETTER, MEMORY_DEFAULTS);
        put(map, "allocated_bytes", Direction.LOWER_IS_BETTER, MEMORY_DEFAULTS);
        put(map, "heap_used_mb", Direction.LOWER_IS_BETTER, MEMORY_DEFAULTS);
        put(map, "gc_count", Direction.LOWER_IS_BETTER, LATENCY_DEFAULTS);
        return Map.copyOf(map);
    }

    private static void put(Map<String, MetricPolicy> map, String name, Direction direction, SeverityThresholds thresholds) {
        map.put(name, new MetricPolicy(name, direction, thresholds));
    }

    /** The default policy of a metric, by the rules in the type's documentation. */
    public static MetricPolicy defaultFor(String metricName) {
        MetricPolicy known = DEFAULTS.get(metricName);
        if (known != null) {
            return known;
        }
        String name = metricName.toLowerCase(Locale.ROOT);
        if (name.contains("per_second") || name.contains("throughput") || name.endsWith("_ops") || name.endsWith("per_s")) {
            return new MetricPolicy(metricName, Direction.HIGHER_IS_BETTER, THROUGHPUT_DEFAULTS);
        }
        if (name.endsWith("_mb") || name.endsWith("_bytes")) {
            return new MetricPolicy(metricName, Direction.LOWER_IS_BETTER, MEMORY_DEFAULTS);
        }
        return new MetricPolicy(metricName, Direction.LOWER_IS_BETTER, LATENCY_DEFAULTS);
    }

    /** A copy with other thresholds. */
    public MetricPolicy withThresholds(SeverityThresholds newThresholds) {
        return new MetricPolicy(metricName, direction, newThresholds);
    }
}
