package dev.bitnet.engine.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds special tokens written out in the input text before the text is tokenized, as llama.cpp's
 * {@code tokenizer_st_partition} does: the candidates are the control, user-defined and unknown tokens
 * (only user-defined ones when special parsing is off), taken longest first; each splits every
 * remaining text fragment at all its occurrences, left to right.
 *
 * <p>llama.cpp searches the text once per candidate, which is slow in Java for LLaMA 3's 256 specials
 * (and the synthetic vocabulary's hundred thousand fillers). This class first collects the candidates
 * that occur in the text at all, by looking up substrings at the positions where some candidate could
 * start, and then runs llama.cpp's procedure on those alone, which gives the same fragments.
 *
 * @since 0.1
 */
final class SpecialTokenSplitter {
    /** A piece of the input: either text to tokenize ({@code tokenId} -1) or one special token. */
    record Fragment(String text, int tokenId) {
        boolean isToken() {
            return tokenId >= 0;
        }
    }

    private final Vocabulary vocab;
    /** lengths in chars of the candidates starting with a given char; candidates are looked up in {@code vocab.ids} */
    private final Map<Character, int[]> lengthsByFirstChar = new HashMap<>();
    private final boolean hasCandidates;
    private final boolean hasUserDefined;

    SpecialTokenSplitter(Vocabulary vocab) {
        this.vocab = vocab;
        Map<Character, TreeSet<Integer>> lengths = new HashMap<>();
        boolean userDefined = false;
        for (int id = 0; id < vocab.size(); id++) {
            String text = vocab.tokens.get(id);
            if (isCandidate(id, true) && !text.isEmpty()) {
                lengths.computeIfAbsent(text.charAt(0), c -> new TreeSet<>()).add(text.length());
                userDefined |= vocab.types[id] == TokenType.USER_DEFINED;
            }
        }
        lengths.forEach((c, set) -> lengthsByFirstChar.put(c, set.stream().mapToInt(Integer::intValue).toArray()));
        this.hasCandidates = !lengths.isEmpty();
        this.hasUserDefined = userDefined;
    }

    /** llama.cpp's {@code cache_special_tokens}, minus control and unknown tokens when special parsing is off. */
    private boolean isCandidate(int id, boolean parseSpecial) {
        TokenType type = vocab.types[id];
        return parseSpecial ? type.matchedInText() : type == TokenType.USER_DEFINED;
    }

    /** Splits {@code text} into text fragments and special tokens; no fragment is empty. */
    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment(text, -1));
        if (!(parseSpecial ? hasCandidates : hasUserDefined)) {
            return fragments;
        }
        for (int special : specialsOccurringIn(text, parseSpecial)) {
            fragments = splitAt(fragments, vocab.tokens.get(special), special);
        }
        return fragments;
    }

    /** The candidates found in {@code text}, in llama.cpp's order: longest first, then by id. */
    private List<Integer> specialsOccurringIn(String text, boolean parseSpecial) {
        TreeSet<Integer> found = new TreeSet<>(Comparator
                .comparingInt((Integer id) -> -vocab.tokens.get(id).length())
                .thenComparingInt(id -> id));
        for (int i = 0; i < text.length(); i++) {
            int[] lengths = lengthsByFirstChar.get(text.charAt(i));
            if (lengths == null) {
                continue;
            }
            for (int length : lengths) {
                if (i + length > text.length()) {
                    break;
                }
                Integer id = vocab.ids.get(text.substring(i, i + length));
                if (id != null && isCandidate(id, parseSpecial)) {
                    found.add(id);
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static List<Fragment> splitAt(List<Fragment> fragments, String special, int specialId) {
        List<Fragment> out = new ArrayList<>(fragments.size() + 2);
        for (Fragment f : fragments) {
            if (f.isToken()) {
                out.add(f);
                continue;
            }
            String text = f.text();
            int start = 0;
            for (int match = text.indexOf(special); match >= 0; match = text.indexOf(special, start)) {
                if (match > start) {
                    out.add(new Fragment(text.substring(start, match), -1));
                }
                out.add(new Fragment(special, specialId));
                start = match + special.length();
            }
            if (start < text.length()) {
                out.add(new Fragment(start == 0 ? text : text.substring(start), -1));
            }
        }
        return out;
    }
}
