package dev.bitnet.engine.model;

import java.util.Locale;

/**
 * {@code Backend} names where the forward pass runs.
 *
 * @since 0.1
 */
public enum Backend {
    /** The GPU when one is usable, otherwise the CPU (with the reason reported). */
    AUTO,
    /** Vector API kernels on the CPU. */
    CPU,
    /** CUDA kernels through the driver API ({@code dev.bitnet.engine.cuda}). */
    CUDA;

    /**
     * Parses {@code auto}, {@code cpu} or {@code cuda}, ignoring case.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Backend parse(String text) {
        for (Backend b : values()) {
            if (b.name().equalsIgnoreCase(text.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException("backend must be one of [auto, cpu, cuda] but was: " + text);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
