package dev.bitnet.perf.pipeline;

import org.apiguardian.api.API;

/**
 * Service-provider hook that adapts the {@link Pipeline} every performance test uses: add a
 * {@code Check} (baseline comparison, diagnoses), chain a {@code ThresholdDeriver} (environment
 * scaling, calibration), replace the environment summary with a fingerprint, add a
 * {@code RecordListener}. Implementations are found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.bitnet.perf.pipeline.PipelineCustomizer}, applied in ascending
 * {@link #order()}, once per JVM.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PipelineCustomizer {

    /**
     * Adapts {@code pipeline}, which already holds the defaults and the customizations of lower
     * order.
     */
    void customize(Pipeline.Builder pipeline);

    /** Lower runs first; defaults to 0. */
    default int order() {
        return 0;
    }
}
