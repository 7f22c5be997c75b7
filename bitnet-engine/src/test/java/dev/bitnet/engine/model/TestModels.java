package dev.bitnet.engine.model;

import dev.bitnet.engine.gguf.GgmlType;
import dev.bitnet.engine.synth.ModelShape;
import dev.bitnet.engine.synth.SyntheticModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** Small synthetic models for tests, written once per JVM into a temporary directory. */
public final class TestModels {

    private static final ConcurrentHashMap<String, Path> CACHE = new ConcurrentHashMap<>();
    private static Path dir;

    private TestModels() {}

    /** ReLU² (bitnet-b1.58), GQA 4/2 heads of 64, 2 layers, vocab 512, context 64. */
    public static final ModelShape RELU2 = new ModelShape("bitnet-b1.58", 256, 384, 2, 4, 2, 512, 64, 10000f, 1e-5f,
            GgmlType.F16);
    /** SiLU (bitnet), MHA 2/2 heads of 64, Q8_0 embedding. */
    public static final ModelShape SILU = new ModelShape("bitnet", 128, 256, 2, 2, 2, 384, 64, 10000f, 1e-5f,
            GgmlType.Q8_0);

    public static synchronized Path path(String name, ModelShape shape, long seed) {
        return CACHE.computeIfAbsent(name + "-" + seed, k -> {
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("bitnet-model-tests");
                    dir.toFile().deleteOnExit();
                }
                Path p = dir.resolve(k + ".gguf");
                SyntheticModels.write(shape, seed, p);
                p.toFile().deleteOnExit();
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static Path relu2() {
        return path("relu2", RELU2, 7);
    }

    public static Path silu() {
        return path("silu", SILU, 11);
    }
}
