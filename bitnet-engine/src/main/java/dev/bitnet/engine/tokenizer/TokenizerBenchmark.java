package dev.bitnet.engine.tokenizer;

import dev.bitnet.engine.gguf.GgufFile;
import dev.bitnet.engine.gguf.WeightLoading;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Prints tokenizer throughput: vocabulary build and load times, encode tokens/s and decode MB/s on
 * English prose and on mixed-script text, median and range over repetitions after warm-up.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bitnet-engine/target/classes:... \
 *     dev.bitnet.engine.tokenizer.TokenizerBenchmark [--gguf model.gguf] [--vocab 128256] [--reps 7]
 * </pre>
 *
 * @since 0.1
 */
public final class TokenizerBenchmark {
    /** CPU time of the measuring thread: on a shared machine it is less disturbed than wall time. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TokenizerBenchmark() {}

    public static void main(String[] args) {
        int vocabSize = 128256;
        int reps = 7;
        Path gguf = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vocab" -> vocabSize = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--gguf" -> gguf = Path.of(args[++i]);
                default -> throw new IllegalArgumentException(
                        "unknown option '" + args[i] + "'; expected --gguf FILE, --vocab N or --reps N");
            }
        }

        Map<String, Object> metadata;
        if (gguf == null) {
            long t0 = System.nanoTime();
            metadata = SyntheticVocabulary.build(vocabSize, 42).ggufMetadata();
            System.out.printf("synthetic vocabulary %d tokens built in %.1f ms%n", vocabSize, millisSince(t0));
        } else {
            try (GgufFile file = GgufFile.open(gguf, WeightLoading.MMAP)) {
                metadata = file.metadata();
            }
            System.out.println("vocabulary of " + gguf);
        }
        long t0 = System.nanoTime();
        Tokenizer tokenizer = Tokenizer.fromMetadata(metadata);
        System.out.printf("Tokenizer.fromMetadata (%s, %d tokens) in %.1f ms%n",
                metadata.get("tokenizer.ggml.model"), tokenizer.vocabSize(), millisSince(t0));

        String prose = TrainingCorpus.TEXT.repeat(20);
        measure("english prose", tokenizer, prose, reps);
        measure("mixed scripts", tokenizer, mixedText(new Random(1), prose.length()), reps);
    }

    private static void measure(String label, Tokenizer tokenizer, String text, int reps) {
        double[] encodeTokensPerSecond = new double[reps];
        double[] encodeTokensPerCpuSecond = new double[reps];
        double[] decodeMegabytesPerSecond = new double[reps];
        int tokens = 0;
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        for (int warmup = 0; warmup < 3; warmup++) {
            tokenizer.decode(tokenizer.encode(text, false));
        }
        for (int r = 0; r < reps; r++) {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int[] ids = tokenizer.encode(text, false);
            long t1 = System.nanoTime();
            long cpu1 = THREADS.getCurrentThreadCpuTime();
            tokenizer.decode(ids);
            long t2 = System.nanoTime();
            tokens = ids.length;
            encodeTokensPerSecond[r] = ids.length / ((t1 - t0) / 1e9);
            encodeTokensPerCpuSecond[r] = ids.length / ((cpu1 - cpu0) / 1e9);
            decodeMegabytesPerSecond[r] = bytes / 1e6 / ((t2 - t1) / 1e9);
        }
        System.out.printf("%-14s %8d bytes %7d tokens: encode %s tokens/s (per CPU second %s), decode %s MB/s"
                        + " (median [min, max] of %d)%n",
                label, bytes, tokens, summary(encodeTokensPerSecond, "%.0f"), summary(encodeTokensPerCpuSecond, "%.0f"),
                summary(decodeMegabytesPerSecond, "%.1f"), reps);
    }

    private static String mixedText(Random random, int chars) {
        String[] words = {"the", " river", " 日本語", " Ünïcödé", " 😀🎉", " 12345", " don't", "!!\n", " مرحبا", " кошка"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) {
            sb.append(words[random.nextInt(words.length)]);
        }
        return sb.toString();
    }

    private static String summary(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(format + " [" + format + ", " + format + "]",
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
