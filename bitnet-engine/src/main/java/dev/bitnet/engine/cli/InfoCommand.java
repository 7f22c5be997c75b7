package dev.bitnet.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.GgufTensorInfo;
import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.model.ModelConfig;
import dev.bitnet.engine.model.ModelFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code bitnet info FILE [--format text|json]}: metadata, tensor table, configuration. */
final class InfoCommand {

    private static final int ARRAY_PREVIEW = 8;

    private InfoCommand() {}

    static void run(List<String> argv, PrintStream out) throws IOException {
        Args a = new Args("info", argv, Set.of("--format"), Set.of());
        boolean json = Format.parse(a) == Format.JSON;
        Path file = Path.of(a.file());
        try (GgufFile g = GgufFile.open(file, WeightLoading.MMAP)) {
            String config;
            try {
                config = ModelConfig.fromGguf(g).toString();
            } catch (ModelFormatException e) {
                config = "not a runnable BitNet model: " + e.getMessage();
            }
            if (json) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("file", file.toString());
                root.put("gguf_version", g.version());
                root.put("file_bytes", g.fileSize());
                root.put("alignment", g.alignment());
                Map<String, Object> md = new LinkedHashMap<>();
                g.metadata().forEach((k, v) -> md.put(k, summarize(v)));
                root.put("metadata", md);
                List<Map<String, Object>> tensors = new ArrayList<>();
                for (GgufTensorInfo t : g.tensors()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", t.name());
                    m.put("type", t.type().name());
                    m.put("ne", t.ne());
                    m.put("offset", t.offset());
                    m.put("bytes", t.byteSize());
                    tensors.add(m);
                }
                root.put("tensors", tensors);
                root.put("config", config);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
                return;
            }
            out.printf(Locale.ROOT, "%s: GGUF v%d, %d bytes, alignment %d, %d metadata keys, %d tensors%n", file,
                    g.version(), g.fileSize(), g.alignment(), g.metadata().size(), g.tensors().size());
            out.println();
            out.println("metadata:");
            g.metadata().forEach((k, v) -> out.printf(Locale.ROOT, "  %-45s %s%n", k, describe(v)));
            out.println();
            out.println("tensors:");
            out.printf(Locale.ROOT, "  %-32s %-6s %-20s %14s %14s%n", "name", "type", "shape (ne)", "offset", "bytes");
            long total = 0;
            for (GgufTensorInfo t : g.tensors()) {
                out.printf(Locale.ROOT, "  %-32s %-6s %-20s %14d %14d%n", t.name(), t.type(), Arrays.toString(t.ne()),
                        t.offset(), t.byteSize());
                total += t.byteSize();
            }
            out.printf(Locale.ROOT, "  %d tensors, %d bytes of tensor data%n", g.tensors().size(), total);
            out.println();
            out.println("model: " + config);
        }
    }

    private static Object summarize(Object v) {
        if (v instanceof List<?> list && list.size() > ARRAY_PREVIEW) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("length", list.size());
            m.put("first", list.subList(0, ARRAY_PREVIEW));
            return m;
        }
        if (v.getClass().isArray() && Array.getLength(v) > ARRAY_PREVIEW) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("length", Array.getLength(v));
            List<Object> first = new ArrayList<>();
            for (int i = 0; i < ARRAY_PREVIEW; i++) {
                first.add(Array.get(v, i));
            }
            m.put("first", first);
            return m;
        }
        return v;
    }

    private static String describe(Object v) {
        if (v instanceof List<?> list) {
            return "[" + list.size() + " items] " + preview(list);
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> first = new ArrayList<>();
            for (int i = 0; i < Math.min(n, ARRAY_PREVIEW); i++) {
                first.add(Array.get(v, i));
            }
            return "[" + n + " " + v.getClass().getComponentType().getSimpleName() + "] " + first
                    + (n > ARRAY_PREVIEW ? " ..." : "");
        }
        if (v instanceof String s) {
            return s.length() > 80 ? "\"" + s.substring(0, 80) + "...\" (" + s.length() + " chars)" : "\"" + s + "\"";
        }
        return v + " (" + v.getClass().getSimpleName() + ")";
    }

    private static String preview(List<?> list) {
        List<?> first = list.subList(0, Math.min(list.size(), ARRAY_PREVIEW));
        return first + (list.size() > ARRAY_PREVIEW ? " ..." : "");
    }
}
