package dev.bitnet.engine.cuda;

import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.BitNetModel;
import dev.bitnet.engine.model.ModelRunner;
import dev.bitnet.engine.model.ModelRunnerProvider;
import dev.bitnet.engine.model.RunnerOptions;
import java.util.Optional;

/**
 * {@code CudaModelRunnerProvider} plugs the CUDA backend into {@code ModelRunners}: it reports why
 * the GPU is unusable ({@link CudaAvailability#probe()}), or opens a {@link CudaModelRunner} that
 * uploads the model's weights to device {@value CudaAvailability#DEVICE_PROPERTY} (default 0).
 *
 * <p>Found by {@code ModelRunners} through its well-known class name
 * ({@link ModelRunnerProvider#CUDA_PROVIDER_CLASS}); public with a no-argument constructor.
 *
 * @since 0.1
 */
public final class CudaModelRunnerProvider implements ModelRunnerProvider {

    public CudaModelRunnerProvider() {}

    @Override
    public Backend backend() {
        return Backend.CUDA;
    }

    @Override
    public Optional<String> unavailableReason() {
        return CudaAvailability.probe().unavailableReason();
    }

    @Override
    public ModelRunner open(BitNetModel model, RunnerOptions options) {
        return CudaModelRunner.open(Integer.getInteger(CudaAvailability.DEVICE_PROPERTY, 0), HostModel.of(model), options);
    }
}
