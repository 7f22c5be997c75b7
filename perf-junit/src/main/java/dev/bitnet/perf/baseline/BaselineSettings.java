package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.compare.AdaptiveSampling;
import dev.bitnet.perf.compare.ComparisonSettings;
import dev.bitnet.perf.compare.SignificanceTest;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.env.EnvironmentProbe;
import dev.bitnet.perf.threshold.EnvironmentDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * {@code BaselineSettings} is the baseline and comparison configuration of one run, read from
 * JUnit configuration parameters ({@code junit-platform.properties}) or {@code -D} system
 * properties.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code perf.baseline.update}</td><td>false</td><td>write the run's samples as the new baselines</td></tr>
 *   <tr><td>{@code perf.baseline.dir}</td><td>nearest {@code baselines/} upwards, else {@code ./baselines}</td><td>baseline root</td></tr>
 *   <tr><td>{@code perf.baseline.compare}</td><td>true</td><td>compare with the stored baseline when one exists</td></tr>
 *   <tr><td>{@code perf.baseline.failOnWarning}</td><td>false</td><td>a warning fails the test too</td></tr>
 *   <tr><td>{@code perf.baseline.failOnCritical}</td><td>true</td><td>a confirmed critical regression fails the test; {@code false}
 *       reports it (as a warning finding, in the record and the reports) without failing, e.g. for a short CI run
 *       on a machine whose load differs from the one that recorded the baselines</td></tr>
 *   <tr><td>{@code perf.baseline.remeasure}</td><td>true</td><td>measure a suspected critical regression once more before failing</td></tr>
 *   <tr><td>{@code perf.baseline.history}</td><td>true</td><td>append a summary to the class's history file (when the baseline directory exists)</td></tr>
 *   <tr><td>{@code perf.baseline.metrics}</td><td>latency_ms, tokens_per_second, throughput_ops, cpu_time_ms, allocated_bytes</td><td>the metrics compared (comma-separated)</td></tr>
 *   <tr><td>{@code perf.compare.alpha}</td><td>0.05</td><td>significance level</td></tr>
 *   <tr><td>{@code perf.compare.noiseBandPercent}</td><td>by environment: 2, 3 or 5 ({@link EnvironmentDefaults})</td><td>changes inside ±band are noise</td></tr>
 *   <tr><td>{@code perf.compare.test}</td><td>mann-whitney</td><td>welch, student or mann-whitney: the p-value that
 *       significance needs (Welch's is reported beside it)</td></tr>
 *   <tr><td>{@code perf.adaptive.enabled}</td><td>true</td><td>sample more while the interval is too wide</td></tr>
 *   <tr><td>{@code perf.adaptive.targetHalfWidthPercent}</td><td>1.25 × noise band</td><td>relative half-width of the 95% interval to reach</td></tr>
 *   <tr><td>{@code perf.adaptive.budgetSeconds}</td><td>20</td><td>most measuring time adaptive sampling may spend</td></tr>
 *   <tr><td>{@code perf.adaptive.maxSamples}</td><td>200</td><td>most samples adaptive sampling may take</td></tr>
 * </table>
 * An invalid value is ignored with a warning (listed in {@link #warnings()}) and the default is
 * used, as JUnit does for its own configuration parameters.
 *
 * @param update whether to write baselines
 * @param directory the baseline root
 * @param compare whether to compare
 * @param failOnWarning whether a warning fails the test
 * @param failOnCritical whether a confirmed critical regression fails the test
 * @param remeasure whether to re-measure a suspected critical regression
 * @param history whether to append to the history
 * @param comparison the statistical settings
 * @param adaptiveEnabled whether adaptive sampling is on
 * @param adaptive the adaptive sampling rule
 * @param judgedMetrics the metrics compared with the baseline
 * @param warnings ignored invalid values, never {@code null}
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BaselineSettings(
        boolean update,
        Path directory,
        boolean compare,
        boolean failOnWarning,
        boolean failOnCritical,
        boolean remeasure,
        boolean history,
        ComparisonSettings comparison,
        boolean adaptiveEnabled,
        AdaptiveSampling adaptive,
        List<String> judgedMetrics,
        List<String> warnings) {

    public static final String UPDATE_KEY = "perf.baseline.update";
    public static final String DIRECTORY_KEY = "perf.baseline.dir";
    public static final String COMPARE_KEY = "perf.baseline.compare";
    public static final String FAIL_ON_WARNING_KEY = "perf.baseline.failOnWarning";
    public static final String FAIL_ON_CRITICAL_KEY = "perf.baseline.failOnCritical";
    public static final String REMEASURE_KEY = "perf.baseline.remeasure";
    public static final String HISTORY_KEY = "perf.baseline.history";
    public static final String ALPHA_KEY = "perf.compare.alpha";
    public static final String NOISE_BAND_KEY = "perf.compare.noiseBandPercent";
    public static final String TEST_KEY = "perf.compare.test";
    public static final String ADAPTIVE_KEY = "perf.adaptive.enabled";
    public static final String ADAPTIVE_WIDTH_KEY = "perf.adaptive.targetHalfWidthPercent";
    public static final String ADAPTIVE_BUDGET_KEY = "perf.adaptive.budgetSeconds";
    public static final String ADAPTIVE_MAX_SAMPLES_KEY = "perf.adaptive.maxSamples";
    public static final String METRICS_KEY = "perf.baseline.metrics";

    /**
     * Metrics compared with the baseline by default. Left out: {@code memory_usage_mb},
     * {@code peak_rss_mb} and {@code heap_used_mb} describe the whole test JVM (and so depend on
     * which tests ran before in it), {@code gc_count} and {@code gc_time_ms} are mostly zero. All
     * recorded metrics are stored in the baseline anyway.
     */
    public static final List<String> DEFAULT_JUDGED_METRICS = List.of("latency_ms", "tokens_per_second", "throughput_ops",
            "cpu_time_ms", "allocated_bytes");

    public BaselineSettings {
        judgedMetrics = List.copyOf(judgedMetrics);
        warnings = List.copyOf(warnings);
    }

    /** Settings from system properties only. */
    public static BaselineSettings fromSystemProperties() {
        return from(key -> Optional.ofNullable(System.getProperty(key)));
    }

    /**
     * Settings from a lookup such as {@code ExtensionContext::getConfigurationParameter} (which
     * already falls back to system properties).
     */
    public static BaselineSettings from(Function<String, Optional<String>> lookup) {
        return from(lookup, EnvironmentProbe.current());
    }

    /**
     * Settings from a lookup, with the defaults that depend on the environment (noise band,
     * adaptive target: {@link EnvironmentDefaults}) taken from {@code fingerprint}.
     */
    public static BaselineSettings from(Function<String, Optional<String>> lookup, EnvironmentFingerprint fingerprint) {
        List<String> warnings = new ArrayList<>();
        Reader reader = new Reader(lookup, warnings);
        ComparisonSettings defaults = ComparisonSettings.defaults();
        double alpha = reader.number(ALPHA_KEY, defaults.alpha(), v -> v > 0 && v < 1, "a number in (0, 1)");
        double band = reader.number(NOISE_BAND_KEY, EnvironmentDefaults.noiseBandPercent(fingerprint), v -> v >= 0 && v < 100,
                "a percentage in [0, 100)");
        SignificanceTest test = defaults.test();
        Optional<String> testName = lookup.apply(TEST_KEY);
        if (testName.isPresent()) {
            try {
                test = SignificanceTest.parse(testName.get());
            } catch (IllegalArgumentException e) {
                warnings.add(ignored(testName.get(), TEST_KEY) + " Expected one of [welch, student, mann-whitney].");
            }
        }
        AdaptiveSampling adaptiveDefaults = AdaptiveSampling.defaults();
        double width = reader.number(ADAPTIVE_WIDTH_KEY, EnvironmentDefaults.adaptiveTargetHalfWidthPercent(fingerprint), v -> v > 0 && v < 100, "a percentage in (0, 100)");
        double budget = reader.number(ADAPTIVE_BUDGET_KEY, adaptiveDefaults.budget().toMillis() / 1000.0, v -> v > 0 && v < 86_400,
                "a number of seconds above 0");
        double maxSamples = reader.number(ADAPTIVE_MAX_SAMPLES_KEY, adaptiveDefaults.maxSamples(), v -> v >= 2 && v <= 1_000_000 && v == Math.rint(v),
                "a whole number of at least 2");
        List<String> judged = DEFAULT_JUDGED_METRICS;
        Optional<String> metricList = lookup.apply(METRICS_KEY);
        if (metricList.isPresent()) {
            List<String> names = new ArrayList<>();
            for (String name : metricList.get().split("\\s*,\\s*")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
            List<String> unknown = new ArrayList<>(names);
            unknown.removeIf(n -> dev.bitnet.perf.sample.Metric.byName(n).isPresent());
            if (names.isEmpty() || !unknown.isEmpty()) {
                warnings.add(ignored(metricList.get(), METRICS_KEY) + " Expected canonical metric names such as latency_ms"
                        + (unknown.isEmpty() ? "" : "; unknown: " + unknown) + ".");
            } else {
                judged = names;
            }
        }
        // The -D system property is honoured even where a launcher turned implicit configuration
        // parameters off, so that a build that points baselines elsewhere (e.g. perf-junit's own
        // tests) can never write into a repository's committed baselines by accident.
        Path directory = lookup.apply(DIRECTORY_KEY).or(() -> Optional.ofNullable(System.getProperty(DIRECTORY_KEY)))
                .filter(s -> !s.isBlank()).map(Path::of).orElseGet(BaselineSettings::defaultDirectory);
        return new BaselineSettings(
                reader.bool(UPDATE_KEY, false),
                directory,
                reader.bool(COMPARE_KEY, true),
                reader.bool(FAIL_ON_WARNING_KEY, false),
                reader.bool(FAIL_ON_CRITICAL_KEY, true),
                reader.bool(REMEASURE_KEY, true),
                reader.bool(HISTORY_KEY, true),
                new ComparisonSettings(alpha, band, test, defaults.confidenceLevel(), defaults.bootstrapResamples(), defaults.seed()),
                reader.bool(ADAPTIVE_KEY, true),
                new AdaptiveSampling(width, Duration.ofMillis(Math.round(budget * 1000)), (int) maxSamples),
                judged,
                warnings);
    }

    /** The nearest directory named {@code baselines} in the working directory or above it; else {@code ./baselines}. */
    static Path defaultDirectory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("baselines");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return start.resolve("baselines");
    }

    private static String ignored(String value, String key) {
        return "Ignored invalid value '" + value + "' set via the '" + key + "' configuration parameter.";
    }

    private static final class Reader {
        private final Function<String, Optional<String>> lookup;
        private final List<String> warnings;

        Reader(Function<String, Optional<String>> lookup, List<String> warnings) {
            this.lookup = lookup;
            this.warnings = warnings;
        }

        boolean bool(String key, boolean fallback) {
            Optional<String> value = lookup.apply(key);
            if (value.isEmpty()) {
                return fallback;
            }
            String v = value.get().trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.isEmpty()) {
                return true; // -Dperf.baseline.update alone means true
            }
            if (v.equals("false")) {
                return false;
            }
            warnings.add(ignored(value.get(), key) + " Expected true or false; using " + fallback + ".");
            return fallback;
        }

        double number(String key, double fallback, java.util.function.DoublePredicate valid, String expected) {
            Optional<String> value = lookup.apply(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                double v = Double.parseDouble(value.get().trim());
                if (valid.test(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            warnings.add(ignored(value.get(), key) + " Expected " + expected + "; using " + fallback + ".");
            return fallback;
        }
    }
}
