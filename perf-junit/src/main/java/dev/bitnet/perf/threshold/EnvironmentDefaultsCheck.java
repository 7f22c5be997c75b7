package dev.bitnet.perf.threshold;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.verdict.Check;
import dev.bitnet.perf.verdict.Evidence;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.ThresholdCheck;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Applies the {@linkplain EnvironmentDefaults environment defaults} to the metrics of a test that
 * states no threshold of its own on them and that were measured, judging them exactly as
 * {@link ThresholdCheck} judges stated thresholds; findings carry the check name
 * {@value #NAME}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EnvironmentDefaultsCheck implements Check {
    public static final String NAME = "environment-default";

    private final List<Threshold> defaults;

    public EnvironmentDefaultsCheck(EnvironmentFingerprint fingerprint) {
        this.defaults = EnvironmentDefaults.thresholds(fingerprint);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(Evidence evidence) {
        Set<Metric> stated = EnumSet.noneOf(Metric.class);
        evidence.thresholds().forEach(t -> stated.add(t.metric()));
        List<Threshold> applicable = new ArrayList<>();
        for (Threshold threshold : defaults) {
            if (!stated.contains(threshold.metric()) && evidence.valuesOf(threshold.metric()).map(v -> v.size() > 0).orElse(false)) {
                applicable.add(threshold);
            }
        }
        if (applicable.isEmpty()) {
            return List.of();
        }
        Evidence withDefaults = new Evidence(evidence.plan(), evidence.samples(), evidence.values(), evidence.summaries(), applicable,
                evidence.environment());
        List<Finding> findings = new ArrayList<>();
        for (Finding finding : new ThresholdCheck().evaluate(withDefaults)) {
            findings.add(new Finding(NAME, finding.status(), finding.metric(), finding.message(), finding.details()));
        }
        return findings;
    }
}
