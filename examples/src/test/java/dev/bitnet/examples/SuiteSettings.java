package dev.bitnet.examples;

import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.synth.Preset;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The suite's knobs, read from system properties so that Maven ({@code -D...}), an IDE run
 * configuration and the {@code suite} profile all set them the same way.
 *
 * <ul>
 *   <li>{@code suite.model}: synthetic model preset, {@code tiny} (default, what {@code mvn verify}
 *       runs), {@code small} (the main job's default) or {@code 2b4t} (the real 2B4T shapes, 1.2 GB);
 *   <li>{@code suite.threads}: engine threads, default: all available processors;
 *   <li>{@code suite.weights}: {@code memory} (default) or {@code mmap};
 *   <li>{@code bitnet.models.dir}: where generated models are cached between runs, outside version
 *       control; default {@code ~/.cache/bitnet-perf/models}.
 * </ul>
 */
final class SuiteSettings {
    static final long MODEL_SEED = 20261130L;

    private SuiteSettings() {}

    static Preset preset() {
        return Preset.fromId(System.getProperty("suite.model", "tiny"));
    }

    static int threads() {
        String value = System.getProperty("suite.threads", "").strip();
        if (value.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value);
            if (threads < 1) {
                throw new NumberFormatException();
            }
            return threads;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property 'suite.threads' must be a positive integer but was: " + value);
        }
    }

    static WeightLoading weights() {
        String value = System.getProperty("suite.weights", "memory").strip().toUpperCase(Locale.ROOT);
        try {
            return WeightLoading.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property 'suite.weights' must be memory or mmap but was: " + value);
        }
    }

    static Path modelsDir() {
        String dir = System.getProperty("bitnet.models.dir", "").strip();
        return dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache", "bitnet-perf", "models") : Path.of(dir);
    }

    /** A short run ({@code mvn verify}) or the full suite (the main job). */
    static boolean fullSuite() {
        return Boolean.getBoolean("suite.full");
    }
}
