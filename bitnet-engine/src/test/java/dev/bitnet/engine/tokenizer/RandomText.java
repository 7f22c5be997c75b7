package dev.bitnet.engine.tokenizer;

import java.util.Random;

/** Seeded random strings over the scripts and characters that trip tokenizers up. */
final class RandomText {
    private static final String[] POOLS = {
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789",
        " \t\n\r  ",
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "\u00A0\u3000\u2028\u0085\u1680\u2009\u200B\uFEFF",
        "éüßñçøåÆŒ",
        "日本語中文字漢字한국어",
        "αβγδЖЯжяمرحباשלום",
        "\u0301\u0308\u0327", // combining marks
        "\u0000\u0001\u001F\u007F\u0080\u009F", // C0 and C1 controls
        "①²¾Ⅻ٣",
    };
    private static final String[] EMOJI = {"😀", "🎉", "👍🏽", "🇩🇪", "🧑\u200D💻", "\uD83D\uDE00"};

    private RandomText() {}

    /** A string of 0..maxCodePoints code points; never contains a lone surrogate. */
    static String string(Random random, int maxCodePoints) {
        int n = random.nextInt(maxCodePoints + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int pool = random.nextInt(POOLS.length + 2);
            if (pool == POOLS.length) {
                sb.append(EMOJI[random.nextInt(EMOJI.length)]);
            } else if (pool == POOLS.length + 1) {
                sb.appendCodePoint(randomScalarValue(random));
            } else {
                String chars = POOLS[pool];
                sb.append(chars.charAt(random.nextInt(chars.length())));
            }
        }
        return sb.toString();
    }

    /** Any Unicode scalar value (no surrogates), assigned or not. */
    private static int randomScalarValue(Random random) {
        while (true) {
            int cp = random.nextInt(Character.MAX_CODE_POINT + 1);
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                return cp;
            }
        }
    }
}
