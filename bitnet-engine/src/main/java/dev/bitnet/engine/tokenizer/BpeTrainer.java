package dev.bitnet.engine.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byte-level BPE training (Sennrich et al. 2016, as in GPT-2): start from the 256 byte tokens, count
 * adjacent pairs over the pre-tokenized words of a text weighted by word frequency, merge the most
 * frequent pair everywhere, repeat. Ties between equally frequent pairs are broken by a hash of the
 * pair mixed with the seed, so one seed always gives the same merges and another seed a slightly
 * different vocabulary.
 *
 * <p>Cost: O(merges × symbols in the distinct words); for the built-in corpus (about 900 distinct words)
 * a few thousand merges take well under a second.
 *
 * @since 0.1
 */
final class BpeTrainer {
    /** What training produced: learnt token texts (after the 256 byte tokens) and merges ("left right"), in order. */
    record Result(List<String> learntTokens, List<String> merges) {}

    private BpeTrainer() {}

    /**
     * Learns merges until {@code maxNewTokens} tokens were added or no pair is left to merge.
     *
     * @param text the training text
     * @param maxNewTokens how many tokens to add at most, zero or more
     * @param seed mixed into the tie-break between equally frequent pairs
     */
    static Result train(String text, int maxNewTokens, long seed) {
        List<String> symbolTexts = new ArrayList<>();
        Map<String, Integer> symbolIds = new HashMap<>();
        for (int rank = 0; rank < 256; rank++) {
            String s = String.valueOf(ByteLevel.toChar(ByteLevel.byteAtRank(rank)));
            symbolIds.put(s, symbolTexts.size());
            symbolTexts.add(s);
        }

        // distinct byte-level words with their counts, in a fixed (sorted) order
        Map<String, Integer> wordCounts = new TreeMap<>();
        for (String word : PreTokenizer.LLAMA3.split(text)) {
            wordCounts.merge(ByteLevel.encode(word), 1, Integer::sum);
        }
        List<int[]> words = new ArrayList<>(wordCounts.size());
        int[] counts = new int[wordCounts.size()];
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            String w = e.getKey();
            int[] symbols = new int[w.length()];
            for (int i = 0; i < w.length(); i++) {
                symbols[i] = symbolIds.get(String.valueOf(w.charAt(i)));
            }
            counts[words.size()] = e.getValue();
            words.add(symbols);
        }

        List<String> learnt = new ArrayList<>();
        List<String> merges = new ArrayList<>();
        while (learnt.size() < maxNewTokens) {
            long best = bestPair(words, counts, seed);
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            String mergedText = symbolTexts.get(left) + symbolTexts.get(right);
            Integer merged = symbolIds.get(mergedText);
            if (merged == null) {
                merged = symbolTexts.size();
                symbolIds.put(mergedText, merged);
                symbolTexts.add(mergedText);
                learnt.add(mergedText);
            }
            merges.add(symbolTexts.get(left) + " " + symbolTexts.get(right));
            for (int w = 0; w < words.size(); w++) {
                words.set(w, replacePair(words.get(w), left, right, merged));
            }
        }
        return new Result(List.copyOf(learnt), List.copyOf(merges));
    }

    /** @return the most frequent pair packed as {@code left << 32 | right}, or -1 when every word is one symbol */
    private static long bestPair(List<int[]> words, int[] counts, long seed) {
        Map<Long, Integer> pairCounts = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            int[] s = words.get(w);
            for (int i = 0; i + 1 < s.length; i++) {
                pairCounts.merge(pack(s[i], s[i + 1]), counts[w], Integer::sum);
            }
        }
        long best = -1;
        int bestCount = 0;
        long bestTieBreak = 0;
        for (Map.Entry<Long, Integer> e : pairCounts.entrySet()) {
            long pair = e.getKey();
            int count = e.getValue();
            long tieBreak = mix(pair ^ seed);
            if (count > bestCount
                    || (count == bestCount && (tieBreak < bestTieBreak || (tieBreak == bestTieBreak && pair < best)))) {
                best = pair;
                bestCount = count;
                bestTieBreak = tieBreak;
            }
        }
        return best;
    }

    private static int[] replacePair(int[] symbols, int left, int right, int merged) {
        int n = 0;
        int[] out = null;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                if (out == null) {
                    out = new int[symbols.length - 1];
                    System.arraycopy(symbols, 0, out, 0, i);
                    n = i;
                }
                out[n++] = merged;
                i++;
            } else if (out != null) {
                out[n++] = symbols[i];
            }
        }
        return out == null ? symbols : java.util.Arrays.copyOf(out, n);
    }

    private static long pack(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    /** SplitMix64's finalizer: a well-spread hash of the pair and the seed. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
