package dev.bitnet.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regex split that byte-level BPE applies before merging ({@code tokenizer.ggml.pre}). Each match
 * is merged on its own, so no token crosses a match boundary.
 *
 * <p>The patterns are llama.cpp's ({@code llama-vocab.cpp}, {@code llm_tokenizer_bpe}) written for
 * {@code java.util.regex}. Two translations matter: {@code \s} in the original (Python {@code regex},
 * llama.cpp {@code unicode.cpp}) means Unicode white space, while Java's {@code \s} is ASCII only, so it
 * is spelled out below as the White_Space property's code points; and llama.cpp's case-insensitive
 * contraction group {@code (?i:'s|'t|...)} is written with explicit {@code [sS]} classes as in its
 * adapted LLaMA 3 pattern.
 *
 * @since 0.1
 */
enum PreTokenizer {
    /** {@code llama-bpe} / {@code llama3}: LLaMA 3's tiktoken pattern (digits in groups of at most three). */
    LLAMA3("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}{1,3}"
            + "| ?[^" + PreTokenizer.WS + "\\p{L}\\p{N}]+[\\r\\n]*"
            + "|[" + PreTokenizer.WS + "]*[\\r\\n]+"
            + "|[" + PreTokenizer.WS + "]+(?![^" + PreTokenizer.WS + "])"
            + "|[" + PreTokenizer.WS + "]+"),
    /** {@code gpt2}: GPT-2's original pattern. */
    GPT2("'s|'t|'re|'ve|'m|'ll|'d"
            + "| ?\\p{L}+"
            + "| ?\\p{N}+"
            + "| ?[^" + PreTokenizer.WS + "\\p{L}\\p{N}]+"
            + "|[" + PreTokenizer.WS + "]+(?![^" + PreTokenizer.WS + "])"
            + "|[" + PreTokenizer.WS + "]+");

    /** Unicode White_Space (what {@code \s} means to the original tokenizers), as a class body. */
    private static final String WS =
            "\\t\\n\\u000B\\f\\r\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

    private final Pattern pattern;

    PreTokenizer(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    /**
     * The {@code PreTokenizer} for a {@code tokenizer.ggml.pre} value.
     *
     * @throws IllegalArgumentException naming the value when it is not supported
     */
    static PreTokenizer forName(String pre) {
        return switch (pre) {
            case "llama-bpe", "llama3", "llama-v3" -> LLAMA3;
            case "gpt2", "gpt-2" -> GPT2;
            default -> throw new IllegalArgumentException(
                    "tokenizer.ggml.pre '" + pre + "' is not supported; expected one of [llama-bpe, llama3, gpt2]");
        };
    }

    /** The pieces of {@code text} in order; their concatenation is {@code text}. */
    List<String> split(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int end = 0;
        while (m.find()) {
            // The last alternative matches any white space and the others any non-space, so matches tile the text.
            assert m.start() == end : "gap in pre-tokenization at " + end;
            words.add(m.group());
            end = m.end();
        }
        if (end < text.length()) {
            words.add(text.substring(end));
        }
        return words;
    }
}
