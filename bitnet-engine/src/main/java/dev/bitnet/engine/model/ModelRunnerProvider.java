package dev.bitnet.engine.model;

import java.util.Optional;

/**
 * {@code ModelRunnerProvider} is the hook through which a backend other than the built-in CPU
 * one (the CUDA runner in {@code dev.bitnet.engine.cuda}) is found and opened.
 *
 * <p>{@link ModelRunners} finds providers with {@link java.util.ServiceLoader} and, so that no
 * service file is needed, also by the well-known class name {@link #CUDA_PROVIDER_CLASS}
 * (public, with a public no-argument constructor).
 *
 * @since 0.1
 */
public interface ModelRunnerProvider {

    /** The class {@link ModelRunners} looks up for {@link Backend#CUDA}. */
    String CUDA_PROVIDER_CLASS = "dev.bitnet.engine.cuda.CudaModelRunnerProvider";

    /** @return the backend this provider implements */
    Backend backend();

    /**
     * Probes the backend without side effects a caller would notice (may initialize a driver).
     *
     * @return empty when usable, otherwise why not (for example "libcuda.so.1 not found"),
     *         never {@code null}
     */
    Optional<String> unavailableReason();

    /**
     * Opens a runner for the model; weights are uploaded or wrapped as the backend needs.
     * The model must stay open while the runner is used.
     */
    ModelRunner open(BitNetModel model, RunnerOptions options);
}
