package dev.bitnet.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code LoadBenchmark} prints how long opening a GGUF file takes with each {@link WeightLoading}
 * and how fast its tensor data can then be streamed (one pass and a second, warm pass), as medians
 * over repetitions:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bitnet-engine/target/classes \
 *      dev.bitnet.engine.gguf.LoadBenchmark model.gguf [repetitions=3]
 * </pre>
 * A benchmark that prints figures, not a test: on a shared machine the numbers are noisy, so it
 * reports the median and the range.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LoadBenchmark FILE.gguf [repetitions]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "%s: %.1f MB, %d repetitions, native off-heap allocation: %s%n", file,
                Files.size(file) / 1e6, reps, OffHeapMemory.isNative());
        for (WeightLoading loading : WeightLoading.values()) {
            double[] openMs = new double[reps];
            double[] firstGBs = new double[reps];
            double[] warmGBs = new double[reps];
            long checksum = 0;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                try (GgufFile f = GgufFile.open(file, loading)) {
                    long t1 = System.nanoTime();
                    openMs[r] = (t1 - t0) / 1e6;
                    long bytes = 0;
                    for (GgufTensorInfo t : f.tensors()) {
                        bytes += t.byteSize();
                    }
                    long t2 = System.nanoTime();
                    checksum += stream(f);
                    long t3 = System.nanoTime();
                    checksum += stream(f);
                    long t4 = System.nanoTime();
                    firstGBs[r] = bytes / ((t3 - t2) / 1e9) / 1e9;
                    warmGBs[r] = bytes / ((t4 - t3) / 1e9) / 1e9;
                }
            }
            System.out.printf(Locale.ROOT, "%-6s open %s ms, first pass %s GB/s, warm pass %s GB/s (checksum %d)%n",
                    loading, summary(openMs), summary(firstGBs), summary(warmGBs), checksum);
        }
    }

    /** Reads every 8-byte word of every tensor: a plain streaming read. */
    private static long stream(GgufFile f) {
        long sum = 0;
        for (GgufTensorInfo t : f.tensors()) {
            MemorySegment d = f.data(t);
            long words = d.byteSize() / 8;
            for (long i = 0; i < words; i++) {
                sum += d.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
            }
        }
        return sum;
    }

    private static String summary(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f [%.2f..%.2f]", median, s[0], s[s.length - 1]);
    }
}
