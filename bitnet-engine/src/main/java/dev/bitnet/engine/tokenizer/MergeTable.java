package dev.bitnet.engine.tokenizer;

import java.util.Arrays;

/**
 * BPE merge ranks keyed by the pair of token ids: {@code (left, right) -> (rank, merged id)}, an
 * open-addressing hash table over primitive arrays, so the merge loop allocates nothing per lookup.
 * LLaMA 3 has 280147 merges; the table takes about 4 MB for it.
 *
 * @since 0.1
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    /** rank << 32 | merged id, for the key at the same slot */
    private final long[] values;
    private final int mask;
    private int size;

    MergeTable(int expectedMerges) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedMerges * 2 + 1) - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    /** Adds a merge unless the pair has one already (the first, lowest rank wins, as in a ranks map). */
    void put(int left, int right, int rank, int merged) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | (merged & 0xFFFF_FFFFL);
        size++;
    }

    /** @return {@code rank << 32 | merged id}, or -1 when the pair does not merge */
    long find(int left, int right) {
        long key = key(left, right);
        for (int slot = slot(key); keys[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return values[slot];
            }
        }
        return -1;
    }

    int size() {
        return size;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
