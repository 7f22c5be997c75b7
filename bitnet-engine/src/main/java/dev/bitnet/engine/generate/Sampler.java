package dev.bitnet.engine.generate;

import java.util.SplittableRandom;

/**
 * Chooses the next token from logits, as {@link GenerationConfig} describes: greedy argmax, or
 * temperature, top-k, top-p and a seeded draw. One sampler per generated sequence; not thread-safe.
 * Buffers are allocated once per sampler.
 */
final class Sampler {

    private final float temperature;
    private final int topK;
    private final float topP;
    private final SplittableRandom random;
    private final int[] order;    // (vocab) candidate ids, best first
    private final float[] probs;  // (vocab) their probabilities

    Sampler(GenerationConfig config, int vocab) {
        this.temperature = config.temperature();
        this.topK = config.topK();
        this.topP = config.topP();
        this.random = new SplittableRandom(config.seed());
        this.order = config.temperature() == 0f ? new int[0] : new int[vocab];
        this.probs = config.temperature() == 0f ? new float[0] : new float[vocab];
    }

    int sample(float[] logits, int vocab) {
        if (temperature == 0f) {
            return argmax(logits, vocab);
        }
        int k = topK == 0 || topK > vocab ? vocab : topK;
        if (k == vocab && topP >= 1f) {
            return sampleAll(logits, vocab);
        }
        // candidates: the k best (or all), sorted best first; ties keep the lower id first
        int n = selectBest(logits, vocab, k);
        // softmax of logits / temperature over the candidates, in double
        double max = logits[order[0]];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp((logits[order[i]] - max) / temperature);
            probs[i] = (float) e;
            sum += e;
        }
        // nucleus: the smallest prefix whose probability reaches topP (at least one token)
        int keep = n;
        if (topP < 1f) {
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                cumulative += probs[i] / sum;
                if (cumulative >= topP) {
                    keep = i + 1;
                    break;
                }
            }
        }
        double total = 0;
        for (int i = 0; i < keep; i++) {
            total += probs[i];
        }
        double r = random.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += probs[i];
            if (r < acc) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    /** A draw from the softmax of all logits / temperature: no ordering needed. */
    private int sampleAll(float[] logits, int vocab) {
        float max = logits[argmax(logits, vocab)];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            float e = (float) Math.exp((logits[i] - max) / temperature);
            probs[i] = e;
            sum += e;
        }
        double r = random.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < vocab; i++) {
            acc += probs[i];
            if (r < acc) {
                return i;
            }
        }
        return argmax(logits, vocab);
    }

    /** Index of the largest logit; the lowest id wins a tie (llama.cpp's greedy sampler). */
    static int argmax(float[] logits, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Puts the {@code k} best ids into {@code order[0, k)}, best first (lower id first on ties).
     * Time: O(vocab · log k) with a bounded min-heap, then O(k log k).
     */
    private int selectBest(float[] logits, int vocab, int k) {
        if (k == vocab) {
            Integer[] boxed = new Integer[vocab];
            for (int i = 0; i < vocab; i++) {
                boxed[i] = i;
            }
            java.util.Arrays.sort(boxed, (a, b) -> better(logits, a, b) ? -1 : better(logits, b, a) ? 1 : 0);
            for (int i = 0; i < vocab; i++) {
                order[i] = boxed[i];
            }
            return vocab;
        }
        // min-heap of size k in order[0, k): the root is the worst kept candidate
        int size = 0;
        for (int id = 0; id < vocab; id++) {
            if (size < k) {
                order[size] = id;
                siftUp(logits, size++);
            } else if (better(logits, id, order[0])) {
                order[0] = id;
                siftDown(logits, 0, size);
            }
        }
        // heap sort: repeatedly move the worst to the end
        for (int end = size - 1; end > 0; end--) {
            int t = order[0];
            order[0] = order[end];
            order[end] = t;
            siftDown(logits, 0, end);
        }
        return size;
    }

    /** Whether id a ranks before id b: larger logit, or equal logit and lower id. */
    private static boolean better(float[] logits, int a, int b) {
        return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
    }

    private void siftUp(float[] logits, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (better(logits, order[parent], order[i])) {
                int t = order[parent];
                order[parent] = order[i];
                order[i] = t;
                i = parent;
            } else {
                return;
            }
        }
    }

    private void siftDown(float[] logits, int i, int size) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int worst = i;
            if (l < size && better(logits, order[worst], order[l])) {
                worst = l;
            }
            if (r < size && better(logits, order[worst], order[r])) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            int t = order[worst];
            order[worst] = order[i];
            order[i] = t;
            i = worst;
        }
    }
}
