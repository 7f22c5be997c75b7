package dev.bitnet.examples;

import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.GenerationResult;
import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.synth.Preset;
import dev.bitnet.engine.synth.SyntheticModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
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
 * So does the JIT's first work: {@link #warmUp} runs every code path the suite measures (batched
 * decoding of 1, 4 and 8 prompts, a long prefill) a few times before the first test gets the
 * engine, so that the first configuration of a sweep is not measured while C2 is still compiling
 * the kernels its neighbours then get for free (a cause of run-to-run differences in the main job).
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
        InferenceEngine engine = InferenceEngine.open(model(preset), SuiteSettings.weights(), Backend.CPU, RunnerOptions.defaults(threads));
        try {
            warmUp(engine, SuiteSettings.fullSuite() ? 3 : 1);
        } catch (RuntimeException | Error e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** Real generations on every path the suite measures, {@code rounds} times; results are checked, not kept. */
    static void warmUp(InferenceEngine engine, int rounds) {
        GenerationConfig config = GenerationConfig.greedy(16).withStopAtEos(false);
        for (int round = 0; round < rounds; round++) {
            for (int batch : new int[] {1, 4, 8}) {
                List<GenerationResult> results = engine.generate(Prompts.batch(batch), config);
                if (results.size() != batch) {
                    throw new IllegalStateException("warm-up: expected " + batch + " results but got " + results.size());
                }
            }
            engine.generate(Prompts.longPrompt(), GenerationConfig.greedy(1).withStopAtEos(false));
        }
    }

    /** Closes the engine when the root store closes (JUnit 5.10–5.13 and 5.13+/6 both). */
    record CloseableEngine(InferenceEngine engine) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }
    }
}
