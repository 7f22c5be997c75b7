package dev.bitnet.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * {@code ModelRunners} selects and opens the {@link ModelRunner} for a {@link Backend}.
 *
 * <p>The CPU runner is built in. Other backends come from {@link ModelRunnerProvider}s, found with
 * {@link ServiceLoader} and by the well-known class name
 * {@link ModelRunnerProvider#CUDA_PROVIDER_CLASS}. {@link Backend#AUTO} takes the GPU when its
 * provider is present and usable, otherwise the CPU, and records why.
 *
 * @since 0.1
 */
public final class ModelRunners {

    private ModelRunners() {}

    /**
     * The outcome of a selection.
     *
     * @param runner    the opened runner, owned by the caller
     * @param backend   the backend that runs ({@link Backend#CPU} or {@link Backend#CUDA}, never AUTO)
     * @param reason    why this backend was chosen (e.g. why the GPU was not usable), for reports
     */
    public record Selection(ModelRunner runner, Backend backend, String reason) {}

    /**
     * Opens a runner for {@code model} on {@code backend}.
     *
     * @throws BackendUnavailableException when {@link Backend#CUDA} is asked for and cannot be used,
     *                                     with the reason
     */
    public static Selection open(BitNetModel model, Backend backend, RunnerOptions options) {
        return switch (backend) {
            case CPU -> new Selection(new CpuModelRunner(model, options), Backend.CPU, "cpu requested");
            case CUDA -> {
                ModelRunnerProvider cuda = provider(Backend.CUDA).orElseThrow(() -> new BackendUnavailableException(
                        "backend 'cuda' is not available: this build has no CUDA runner (class "
                                + ModelRunnerProvider.CUDA_PROVIDER_CLASS + " not found); use --backend cpu or auto"));
                Optional<String> why = cuda.unavailableReason();
                if (why.isPresent()) {
                    throw new BackendUnavailableException("backend 'cuda' is not usable: " + why.get()
                            + "; use --backend cpu or auto");
                }
                yield new Selection(cuda.open(model, options), Backend.CUDA, "cuda requested");
            }
            case AUTO -> {
                Optional<ModelRunnerProvider> cuda = provider(Backend.CUDA);
                String reason;
                if (cuda.isEmpty()) {
                    reason = "no CUDA runner in this build";
                } else {
                    Optional<String> why = probe(cuda.get());
                    if (why.isEmpty()) {
                        try {
                            yield new Selection(cuda.get().open(model, options), Backend.CUDA, "GPU usable");
                        } catch (RuntimeException | LinkageError e) {
                            reason = "CUDA runner failed to open: " + e.getMessage();
                        }
                    } else {
                        reason = why.get();
                    }
                }
                yield new Selection(new CpuModelRunner(model, options), Backend.CPU, "using CPU: " + reason);
            }
        };
    }

    private static Optional<String> probe(ModelRunnerProvider p) {
        try {
            return p.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("probe failed: " + e);
        }
    }

    /** @return the provider for {@code backend}, if one is on the class path */
    public static Optional<ModelRunnerProvider> provider(Backend backend) {
        for (ModelRunnerProvider p : providers()) {
            if (p.backend() == backend) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static List<ModelRunnerProvider> providers() {
        List<ModelRunnerProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(ModelRunnerProvider.class).forEach(found::add);
        } catch (java.util.ServiceConfigurationError e) {
            // a broken service entry must not take the CPU path down with it
        }
        boolean hasCuda = found.stream().anyMatch(p -> p.getClass().getName().equals(ModelRunnerProvider.CUDA_PROVIDER_CLASS));
        if (!hasCuda) {
            try {
                Class<?> c = Class.forName(ModelRunnerProvider.CUDA_PROVIDER_CLASS);
                if (ModelRunnerProvider.class.isAssignableFrom(c)) {
                    found.add((ModelRunnerProvider) c.getDeclaredConstructor().newInstance());
                }
            } catch (ClassNotFoundException e) {
                // no CUDA runner in this build: a normal state
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                found.add(new BrokenProvider(Backend.CUDA, ModelRunnerProvider.CUDA_PROVIDER_CLASS
                        + " is present but could not be constructed: " + e));
            }
        }
        return found;
    }

    /** A provider class that exists but failed to load: reports why, opens nothing. */
    private record BrokenProvider(Backend backend, String reason) implements ModelRunnerProvider {
        @Override
        public Optional<String> unavailableReason() {
            return Optional.of(reason);
        }

        @Override
        public ModelRunner open(BitNetModel model, RunnerOptions options) {
            throw new BackendUnavailableException(reason);
        }
    }

    /** Thrown when a backend that was asked for explicitly cannot be used. */
    public static final class BackendUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BackendUnavailableException(String message) {
            super(message);
        }
    }
}
