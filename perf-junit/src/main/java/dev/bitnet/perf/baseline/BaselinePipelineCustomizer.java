package dev.bitnet.perf.baseline;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.bitnet.perf.calibration.Calibrator;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.env.EnvironmentProbe;
import dev.bitnet.perf.pipeline.EnvironmentSummary;
import dev.bitnet.perf.pipeline.Pipeline;
import dev.bitnet.perf.pipeline.PipelineCustomizer;
import dev.bitnet.perf.threshold.EnvironmentDefaultsCheck;
import dev.bitnet.perf.threshold.EnvironmentThresholdDeriver;
import dev.bitnet.perf.threshold.ThresholdOverrides;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Plugs perf-baseline into perf-junit's pipeline (registered in
 * {@code META-INF/services/dev.bitnet.perf.pipeline.PipelineCustomizer}):
 * <ul>
 *   <li>the record's {@code environment} becomes perf-core's summary plus the full
 *       {@linkplain EnvironmentFingerprint fingerprint} and {@code environmentClass};</li>
 *   <li>stated thresholds are derived for this machine ({@link EnvironmentThresholdDeriver}:
 *       calibration for {@code @StatedForReferenceMachine} tests, then overrides from
 *       {@code perf-overrides.json});</li>
 *   <li>metrics without a stated threshold get the {@linkplain EnvironmentDefaultsCheck environment defaults};</li>
 *   <li>the {@link BaselineCheck} compares with the stored baseline; the {@link BaselineRecorder}
 *       updates baselines on request and appends the history.</li>
 * </ul>
 * Configuration is read from system properties and {@code junit-platform.properties} here
 * (customizers see no JUnit context); per-test comparison settings also honour the test's JUnit
 * configuration parameters.
 *
 * @since 0.1
 */
@API(status = INTERNAL, since = "0.1")
public final class BaselinePipelineCustomizer implements PipelineCustomizer {
    @Override
    public void customize(Pipeline.Builder pipeline) {
        EnvironmentFingerprint fingerprint = EnvironmentProbe.current();
        Function<String, Optional<String>> configuration = ConfigurationLookup.systemThenClasspath();
        pipeline.environment(() -> {
            Map<String, Object> environment = new LinkedHashMap<>(EnvironmentSummary.current());
            environment.putAll(FingerprintJson.toMap(fingerprint));
            return environment;
        });
        ThresholdOverrides overrides = configuration.apply(ThresholdOverrides.FILE_KEY).map(Path::of)
                .or(ThresholdOverrides::findDefaultFile).map(ThresholdOverrides::read).orElse(ThresholdOverrides.none());
        boolean calibrateAll = configuration.apply(EnvironmentThresholdDeriver.CALIBRATE_KEY).map(v -> v.trim().equalsIgnoreCase("true"))
                .orElse(false);
        pipeline.andThenDerive(new EnvironmentThresholdDeriver(fingerprint, Calibrator::current, overrides, calibrateAll));
        pipeline.check(new EnvironmentDefaultsCheck(fingerprint));
        BaselineCheck check = new BaselineCheck(fingerprint);
        pipeline.check(check);
        pipeline.recordListener(new BaselineRecorder(fingerprint, check));
    }

    @Override
    public int order() {
        return 100;
    }
}
