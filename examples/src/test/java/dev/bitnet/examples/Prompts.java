package dev.bitnet.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Distinct, deterministic prompts for batches. */
final class Prompts {
    private static final String[] OPENINGS = {
        "The quick brown fox", "Once upon a time", "In the beginning the engine", "A ternary weight is",
        "Performance tests should", "The memory bandwidth of", "Tokens per second measure", "Two cores and a cache",
    };

    private Prompts() {}

    /** A prompt of about a hundred tokens: a prefill long enough to take the batched (matmul) path. */
    static String longPrompt() {
        return String.join(" ", Collections.nCopies(6, String.join(", ", OPENINGS)));
    }

    static List<String> batch(int size) {
        List<String> prompts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            prompts.add(OPENINGS[i % OPENINGS.length] + (i >= OPENINGS.length ? " (" + i + ")" : ""));
        }
        return prompts;
    }
}
