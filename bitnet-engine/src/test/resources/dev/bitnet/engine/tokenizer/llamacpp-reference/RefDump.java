import dev.bitnet.engine.tokenizer.*;
import dev.bitnet.engine.gguf.*;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
public class RefDump {
    static String hex(String s) { if (s.isEmpty()) return "-"; return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)); }
    public static void main(String[] a) throws Exception {
        String kind = a[0]; // spm | bpe
        List<String> tokens; float[] scores; int[] types; List<String> merges = List.of();
        int bos, eos, unk;
        if (kind.equals("spm")) {
            try (GgufFile f = GgufFile.open(Path.of(a[1]), WeightLoading.MMAP)) {
                var m = f.metadata();
                tokens = (List<String>) m.get("tokenizer.ggml.tokens"); scores = (float[]) m.get("tokenizer.ggml.scores"); types = (int[]) m.get("tokenizer.ggml.token_type");
                bos = 1; eos = 2; unk = 0;
                tokenizer = Tokenizer.fromMetadata(m);
            }
        } else {
            SyntheticVocabulary v = SyntheticVocabulary.build(Integer.parseInt(a[1]), 42);
            tokens = v.tokens(); types = v.tokenTypes(); scores = new float[tokens.size()]; merges = v.merges();
            bos = v.bosId(); eos = v.eosId(); unk = -1;
            tokenizer = Tokenizer.fromMetadata(v.ggufMetadata());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(a[2])))) {
            w.println(kind.equals("spm") ? "spm" : "bpe-llama3");
            w.println(tokens.size() + " " + bos + " " + eos + " " + unk + " 1 " + (kind.equals("spm") ? 1 : 0));
            for (int i = 0; i < tokens.size(); i++) w.println(types[i] + " " + scores[i] + " " + hex(tokens.get(i)));
            w.println(merges.size());
            for (String m : merges) { int sp = m.indexOf(' ', 1); w.println(hex(m.substring(0, sp)) + " " + hex(m.substring(sp + 1))); }
        }
        Random r = new Random(Long.parseLong(a[3]));
        String[] pools = {"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", " \t\n\r  ", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
            "\u00A0\u3000\u2028\u0085", "éüßñçøå", "日本語中文字한국어", "αβγЖяمرحباשלום", "\u0301\u0308", "\u0001\u001F\u007F\u0080",
            "▁", "the ", " and ", "ing", "tion", " of"};
        String[] specials = {"<s>", "</s>", "<unk>", "<|eot_id|>", "<|begin_of_text|>", "<|reserved_special_token_3|>", "[PAD5]", "<0x41>"};
        String[] emoji = {"😀", "👍🏽", "🧑\u200D💻"};
        List<String> texts = new ArrayList<>();
        texts.addAll(List.of("", " ", "  ", "Hello world", " Hello world", "Hello  world", "\n", "<s>", "<s>Hello", "a</s>b", "</s> x", "café", "{-1, 0, +1}"));
        for (int i = 0; i < Integer.parseInt(a[4]); i++) {
            StringBuilder sb = new StringBuilder(); int n = r.nextInt(50);
            for (int k = 0; k < n; k++) {
                int p = r.nextInt(pools.length + 3);
                if (p == pools.length) sb.append(specials[r.nextInt(specials.length)]);
                else if (p == pools.length + 1) sb.append(emoji[r.nextInt(emoji.length)]);
                else if (p == pools.length + 2) { int cp; do { cp = r.nextInt(0x10FFFF); } while (cp >= 0xD800 && cp <= 0xDFFF); sb.appendCodePoint(cp); }
                else { String s = pools[p]; if (s.length() > 4 || p < 11) sb.append(s.charAt(r.nextInt(s.length()))); else sb.append(s); }
            }
            texts.add(sb.toString());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(a[5])));
             PrintWriter j = new PrintWriter(Files.newBufferedWriter(Path.of(a[6])))) {
            for (String t : texts) {
                w.println(t.isEmpty() ? "" : HexFormat.of().formatHex(t.getBytes(StandardCharsets.UTF_8)));
                int[] ids = tokenizer.encode(t, tokenizer.addsBos(), true);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < ids.length; i++) sb.append(i == 0 ? "" : " ").append(ids[i]);
                j.println(sb);
            }
        }
    }
    static Tokenizer tokenizer;
}
