package dev.bitnet.perf.threshold;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.env.EnvironmentFingerprint;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code ThresholdOverride} is one entry of a {@linkplain ThresholdOverrides per-environment
 * overrides file}: on machines matching every predicate, thresholds of one metric (optionally of
 * matching tests and one statistic) get a new required value or a factor.
 *
 * @param source where it was written, e.g. {@code perf-overrides.json overrides[2]}
 * @param when predicates on the fingerprint, all of which must hold; empty matches everywhere
 * @param testGlob glob on the test id, class name or {@code Class#method}; {@code *} when absent
 * @param metric canonical metric name the override applies to
 * @param statistic statistic label ({@code median}, {@code p99}...) or {@code null} for any
 * @param value the new required value, or {@code null} when {@code factor} is given
 * @param factor multiplier of the required value so far, or {@code null} when {@code value} is given
 * @param reason why, shown in the derivation chain; may be empty
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ThresholdOverride(
        String source,
        List<FingerprintPredicate> when,
        String testGlob,
        String metric,
        @Nullable String statistic,
        @Nullable Double value,
        @Nullable Double factor,
        String reason) {

    public ThresholdOverride {
        Objects.requireNonNull(source, "source must not be null");
        when = List.copyOf(when);
        if ((value == null) == (factor == null)) {
            throw new IllegalArgumentException(source + " must set exactly one of 'value' and 'factor'");
        }
        double number = value != null ? value : Objects.requireNonNull(factor);
        if (!(number > 0) || Double.isInfinite(number)) {
            throw new IllegalArgumentException(source + " must set a positive finite '" + (value != null ? "value" : "factor")
                    + "' but was: " + number);
        }
    }

    /** Whether this override applies to a threshold of a test in an environment. */
    public boolean appliesTo(Threshold threshold, String testId, String className, String methodName, EnvironmentFingerprint fingerprint) {
        if (!threshold.metric().canonicalName().equals(metric)) {
            return false;
        }
        if (statistic != null && !statistic.equalsIgnoreCase(threshold.statisticLabel())) {
            return false;
        }
        Pattern test = FingerprintPredicate.glob(testGlob);
        String plainMethod = methodName.contains("(") ? methodName.substring(0, methodName.indexOf('(')) : methodName;
        if (!test.matcher(testId).matches() && !test.matcher(className).matches()
                && !test.matcher(className + "#" + plainMethod).matches() && !test.matcher(className + "#" + methodName).matches()) {
            return false;
        }
        return when.stream().allMatch(p -> p.test(fingerprint));
    }

    /** Applies this override as one more derivation step. */
    public Threshold apply(Threshold threshold) {
        String description = "override " + source + (when.isEmpty() ? "" : " when " + when)
                + (reason.isEmpty() ? "" : ": " + reason);
        double f = factor != null ? factor : Objects.requireNonNull(value) / threshold.requiredValue();
        return threshold.scaled(description, f);
    }
}
