package dev.bitnet.perf.junit;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Small real work for fixtures: sorting arrays of pseudo-random ints. Never sleeps. */
final class Work {

    private Work() {}

    static int[] randomInts(int n, long seed) {
        return new SplittableRandom(seed).ints(n).toArray();
    }

    /** Sorts a copy of {@code values} and returns its smallest element (so that the work is used). */
    static int sortCopy(int[] values) {
        int[] copy = values.clone();
        Arrays.sort(copy);
        return copy[0];
    }

    /** Sorts a fresh array of {@code n} ints. */
    static int sortFresh(int n) {
        return sortCopy(randomInts(n, n));
    }
}
