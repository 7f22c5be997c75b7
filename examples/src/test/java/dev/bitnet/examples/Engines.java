package dev.bitnet.examples;

import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.synth.Preset;
import dev.bitnet.engine.synth.SyntheticModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves an {@link InferenceEngine} parameter: one engine on the suite's synthetic model, loaded
 * once per test run and closed by JUnit when the run ends. The model file is generated on first use
 * and cached in {@link SuiteSettings#modelsDir()}.
 *
 * <p>Loading stays out of every measurement: the engine is resolved before the test method starts.
 */
final class Engines implements ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(Engines.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == InferenceEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Preset preset = SuiteSettings.preset();
        int threads = SuiteSettings.threads();
        String key = preset.id() + "/" + threads + "/" + SuiteSettings.weights();
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> new CloseableEngine(open(preset, threads)), CloseableEngine.class)
                .engine();
    }

    static Path model(Preset preset) {
        try {
            return SyntheticModels.ensure(preset, SuiteSettings.MODEL_SEED, SuiteSettings.modelsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write synthetic model '" + preset.id() + "' into " + SuiteSettings.modelsDir(), e);
        }
    }

    static InferenceEngine open(Preset preset, int threads) {
        return InferenceEngine.open(model(preset), SuiteSettings.weights(), Backend.CPU, RunnerOptions.defaults(threads));
    }

    /** Closes the engine when the root store closes (JUnit 5.10–5.13 and 5.13+/6 both). */
    record CloseableEngine(InferenceEngine engine) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }
    }
}
