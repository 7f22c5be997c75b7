package dev.bitnet.engine.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * Deterministic lane sums. {@code FloatVector.reduceLanes(ADD)} may add the lanes in a different
 * order in the interpreter or C1 than in C2-compiled code, so the same logits could differ in the
 * last bits between a model's first and later calls. This sum always uses one pairwise order
 * (lane i with lane i + n/2, halving), in scalar code that every execution mode runs the same way.
 *
 * @since 0.1
 */
final class Lanes {
    private Lanes() {}

    /** @return a scratch array for {@link #sum}, one lane count long */
    static float[] scratch() {
        return new float[FloatVector.SPECIES_PREFERRED.length()];
    }

    /** @return the sum of v's lanes in a fixed pairwise order; {@code scratch} holds at least v's lane count */
    static float sum(FloatVector v, float[] scratch) {
        int n = v.length();
        v.intoArray(scratch, 0);
        for (int width = n / 2; width > 0; width /= 2) {
            for (int i = 0; i < width; i++) {
                scratch[i] += scratch[i + width];
            }
        }
        return scratch[0];
    }
}
