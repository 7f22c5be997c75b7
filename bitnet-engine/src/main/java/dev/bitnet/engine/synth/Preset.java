package dev.bitnet.engine.synth;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code Preset} names the synthetic model sizes the engine's tests, examples and benchmarks use.
 */
public enum Preset {
    /** A few MB, for tests: dim 256, 4 layers, 4 heads over 2 KV heads (GQA), vocab 4096. */
    TINY("tiny", ModelShape.bitnetB158(256, 768, 4, 4, 2, 4096, 1024)),
    /** About 100M parameters (68 MB): dim 768, 12 layers, 12/4 heads, FFN 2048, vocab 32000. */
    SMALL("small", ModelShape.bitnetB158(768, 2048, 12, 12, 4, 32000, 2048)),
    /**
     * The shapes of Microsoft's BitNet b1.58 2B4T: hidden 2560, 30 layers, 20/5 heads (head dim 128),
     * FFN 6912, vocab 128256, context 4096; about 1.19 GB.
     */
    B2B4T("2b4t", ModelShape.bitnetB158(2560, 6912, 30, 20, 5, 128256, 4096));

    private final String id;
    private final ModelShape shape;

    Preset(String id, ModelShape shape) {
        this.id = id;
        this.shape = shape;
    }

    /** @return the name used on the command line and in file names: tiny, small, 2b4t */
    public String id() {
        return id;
    }

    public ModelShape shape() {
        return shape;
    }

    /**
     * @param id a preset id, case-insensitive
     * @throws IllegalArgumentException naming the valid ids
     */
    public static Preset fromId(String id) {
        for (Preset p : values()) {
            if (p.id.equalsIgnoreCase(id.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + id + "', expected one of "
                + Arrays.stream(values()).map(Preset::id).toList());
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
