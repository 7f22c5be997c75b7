package dev.bitnet.engine.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code KernelBenchmark} prints the kernels' speed on this machine: effective GB/s of weight bytes,
 * medians over repetitions, and ratios measured in the same run.
 *
 * <ul>
 *   <li>{@code stream}: a plain streaming read of 1 GiB (the memory roofline), 1 and N threads;</li>
 *   <li>{@code kernel}: scalar vs Vector API matvec on the 2B4T FFN shapes (one thread);</li>
 *   <li>{@code threads}: the same shapes through a {@link KernelPool} of 1 and N threads;</li>
 *   <li>{@code matmul}: batched products (prefill) per token, against the matvec;</li>
 *   <li>{@code head}: the 128256 × 2560 output head in F16, int8 × f32 and int8 × int8;</li>
 *   <li>{@code model}: the whole 2B4T weight set (30 layers of q, k, v, o, gate, up, down and the F16
 *       head, random codes off-heap, 1.18 GB) cycled from DRAM as a decode step would read it, giving
 *       "tokens/s if only matvecs" and the fraction of the streaming-read roofline, for 1 and N
 *       threads and for park/unpark against spin-then-park hand-offs.</li>
 * </ul>
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bitnet.jar dev.bitnet.engine.kernel.KernelBenchmark
 * [--reps 7] [--threads 2] [--only stream,kernel,threads,matmul,head,model]}.
 * The machine may be shared: the load average is printed at the start and the end.
 *
 * @since 0.1
 */
public final class KernelBenchmark {

    private static final VectorSpecies<Long> L256 = LongVector.SPECIES_256;
    private static final List<String> ALL = List.of("stream", "kernel", "threads", "matmul", "head", "model");

    // 2B4T shapes (DESIGN.md)
    private static final int DIM = 2560;
    private static final int KV_DIM = 640;
    private static final int FFN = 6912;
    private static final int LAYERS = 30;
    private static final int VOCAB = 128256;

    private final int reps;
    private final int maxThreads;
    private final SplittableRandom random = new SplittableRandom(42);
    private double[] streamGbPerSecond = new double[0];
    private double[] streamCpuGbPerSecond = new double[0];

    private KernelBenchmark(int reps, int maxThreads) {
        this.reps = reps;
        this.maxThreads = maxThreads;
    }

    public static void main(String[] args) {
        int reps = 7;
        int threads = 2;
        Set<String> only = Set.copyOf(ALL);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(value(args, ++i, "--reps"));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--only" -> only = Set.of(value(args, ++i, "--only").split(","));
                default -> throw new IllegalArgumentException("unknown option: " + args[i]
                        + " (usage: [--reps N] [--threads N] [--only " + String.join(",", ALL) + "])");
            }
        }
        if (reps < 1 || threads < 1) {
            throw new IllegalArgumentException("--reps and --threads must be at least 1 but were: " + reps + ", " + threads);
        }
        KernelBenchmark bench = new KernelBenchmark(reps, threads);
        System.out.printf(Locale.ROOT, "KernelBenchmark: %s, %d CPUs, vector species %s, reps %d, threads 1..%d, load %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), VectorTernaryKernel.S, reps, threads, loadAverage());
        bench.warmUpAllPaths();
        for (String section : ALL) {
            if (only.contains(section)) {
                switch (section) {
                    case "stream" -> bench.stream();
                    case "kernel" -> bench.kernel();
                    case "threads" -> bench.threads();
                    case "matmul" -> bench.matmul();
                    case "head" -> bench.head();
                    case "model" -> bench.model();
                    default -> throw new IllegalStateException(section);
                }
            }
        }
        System.out.printf(Locale.ROOT, "load at end: %s%n", loadAverage());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    // ---------------------------------------------------------------- sections

    /** One timing: median wall nanoseconds per run and the CPU-time estimate (see {@link #time}). */
    private record Timing(double wallNanos, double cpuNanos) {
        String rate(double bytes) {
            return String.format(Locale.ROOT, "%6.2f GB/s [cpu-est %6.2f]", bytes / wallNanos, bytes / cpuNanos);
        }
    }

    private void stream() {
        System.out.println("\n## stream: plain streaming read of 1 GiB with 256-bit loads (the roofline)");
        long bytes = 1L << 30;
        streamGbPerSecond = new double[maxThreads + 1];
        streamCpuGbPerSecond = new double[maxThreads + 1];
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(bytes, 64);
            fillRandom(buffer, 0xFFFF_FFFF_FFFF_FFFFL);
            for (int t = 1; t <= maxThreads; t++) {
                try (KernelPool pool = new KernelPool(t)) {
                    LongAdder sink = new LongAdder();
                    Timing timing = time(t, () -> pool.parallelFor(64, (from, to) -> {
                        long chunk = bytes / 64;
                        sink.add(sum(buffer, from * chunk, to * chunk));
                    }));
                    streamGbPerSecond[t] = bytes / timing.wallNanos();
                    streamCpuGbPerSecond[t] = bytes / timing.cpuNanos();
                    System.out.printf(Locale.ROOT, "stream read %d thread(s): %s   (checksum %x)%n", t, timing.rate(bytes), sink.sum() & 0xFF);
                }
            }
        }
    }

    private void kernel() {
        System.out.println("\n## kernel: scalar vs Vector API matvec, 1 thread (random codes; in cache where it fits)");
        try (Arena arena = Arena.ofShared()) {
            for (int[] shape : new int[][] {{FFN, DIM}, {DIM, FFN}, {2 * FFN, DIM}}) {
                I2sMatrix w = randomMatrix(arena, shape[0], shape[1]);
                QuantizedVector x = randomVector(shape[1]);
                float[] out = new float[shape[0]];
                I2sMatrix tiled = w.tiled(arena);
                Timing scalar = time(1, () -> ScalarTernaryKernel.INSTANCE.matvec(w, x, out, 0), Math.max(3, reps / 2));
                Timing vector = time(1, () -> VectorTernaryKernel.INSTANCE.matvec(w, x, out, 0));
                Timing tiledVector = time(1, () -> VectorTernaryKernel.INSTANCE.matvec(tiled, x, out, 0));
                System.out.printf(Locale.ROOT, "%5d x %5d (%4.1f MB): scalar %s%n", shape[0], shape[1], w.codeBytes() / 1e6, scalar.rate(w.codeBytes()));
                System.out.printf(Locale.ROOT, "    vector row-major %s = %5.1fx scalar [cpu-est %5.1fx]%n", vector.rate(w.codeBytes()),
                        scalar.wallNanos() / vector.wallNanos(), scalar.cpuNanos() / vector.cpuNanos());
                System.out.printf(Locale.ROOT, "    vector TILED_32  %s = %5.1fx scalar [cpu-est %5.1fx]%n", tiledVector.rate(w.codeBytes()),
                        scalar.wallNanos() / tiledVector.wallNanos(), scalar.cpuNanos() / tiledVector.cpuNanos());
            }
        }
    }

    private void threads() {
        System.out.println("\n## threads: Vector API matvec through a KernelPool");
        try (Arena arena = Arena.ofShared()) {
            for (int[] shape : new int[][] {{FFN, DIM}, {DIM, FFN}, {2 * FFN, DIM}, {FFN, DIM, 1}, {DIM, FFN, 1}, {2 * FFN, DIM, 1}}) {
                I2sMatrix rowMajor = randomMatrix(arena, shape[0], shape[1]);
                I2sMatrix w = shape.length > 2 ? rowMajor.tiled(arena) : rowMajor;
                QuantizedVector x = randomVector(shape[1]);
                float[] out = new float[shape[0]];
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5d x %5d %-9s:", shape[0], shape[1], w.layout()));
                double one = 0;
                for (int t = 1; t <= maxThreads; t++) {
                    try (KernelPool pool = new KernelPool(t)) {
                        Timing timing = time(t, () -> pool.matvec(w, x, out, 0));
                        if (t == 1) {
                            one = timing.wallNanos();
                        }
                        line.append(String.format(Locale.ROOT, "  %d thread(s) %s (%.2fx)", t, timing.rate(w.codeBytes()), one / timing.wallNanos()));
                    }
                }
                System.out.println(line);
            }
        }
    }

    private void matmul() {
        System.out.println("\n## matmul: batched product (prefill); GB/s per token = weight bytes x batch / time");
        try (Arena arena = Arena.ofShared()) {
            I2sMatrix rowMajor = randomMatrix(arena, FFN, DIM);
            I2sMatrix tiledMatrix = rowMajor.tiled(arena);
            int[] batches = {1, 4, 16, 64, 128};
            QuantizedVector[] xs = new QuantizedVector[128];
            float[][] outs = new float[128][FFN];
            for (int b = 0; b < xs.length; b++) {
                xs[b] = randomVector(DIM);
            }
            for (I2sMatrix w : new I2sMatrix[] {rowMajor, tiledMatrix})
            for (int t = 1; t <= maxThreads; t++) {
                try (KernelPool pool = new KernelPool(t)) {
                    float[] out = new float[FFN];
                    Timing matvec = time(t, () -> pool.matvec(w, xs[0], out, 0));
                    System.out.printf(Locale.ROOT, "%d x %d %s, %d thread(s): matvec %s%n", FFN, DIM, w.layout(), t, matvec.rate(w.codeBytes()));
                    for (int batch : batches) {
                        Timing timing = time(t, () -> pool.matmul(w, xs, batch, outs));
                        System.out.printf(Locale.ROOT, "    batch %3d: %s per token, %.2fx the matvec [cpu-est %.2fx]%n", batch,
                                timing.rate((double) w.codeBytes() * batch), matvec.wallNanos() * batch / timing.wallNanos(),
                                matvec.cpuNanos() * batch / timing.cpuNanos());
                    }
                }
            }
        }
    }

    private void head() {
        System.out.printf(Locale.ROOT, "%n## head: %d x %d output head, F16 vs int8 (per-row scales)%n", VOCAB, DIM);
        try (Arena arena = Arena.ofShared()) {
            FloatRowMatrix f16 = randomF16(arena, VOCAB, DIM);
            Int8RowMatrix int8 = Int8RowMatrix.quantize(f16, arena);
            float[] x = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                x[i] = (float) random.nextGaussian();
            }
            QuantizedVector xq = new QuantizedVector(DIM);
            xq.quantize(x, 0);
            float[] logits = new float[VOCAB];
            int sampleRows = 2048;
            Timing scalarF16 = time(1, () -> {
                for (int r = 0; r < sampleRows; r++) {
                    logits[r] = f16.dotScalar(r, x, 0);
                }
            });
            Timing vectorF16 = time(1, () -> f16.matvecRows(x, 0, logits, 0, 0, sampleRows));
            double sampleBytes = (double) sampleRows * DIM * Short.BYTES;
            System.out.printf(Locale.ROOT, "F16 dot, %d rows in cache: scalar Float.float16ToFloat %s, vector bit conversion %s = %.1fx%n",
                    sampleRows, scalarF16.rate(sampleBytes), vectorF16.rate(sampleBytes), scalarF16.wallNanos() / vectorF16.wallNanos());
            for (int t = 1; t <= maxThreads; t++) {
                try (KernelPool pool = new KernelPool(t)) {
                    Timing f16Time = time(t, () -> pool.matvec(f16, x, 0, logits, 0));
                    Timing int8Time = time(t, () -> pool.matvec(int8, x, 0, logits, 0));
                    Timing q8Time = time(t, () -> pool.parallelFor(VOCAB, (from, to) -> int8.matvecQ8Rows(xq, logits, 0, from, to)));
                    System.out.printf(Locale.ROOT, "%d thread(s): F16 %6.2f ms %s | int8 x f32 %6.2f ms %s | int8 x int8 %6.2f ms %s | F16 / int8xf32 time %.2fx%n",
                            t, f16Time.wallNanos() / 1e6, f16Time.rate(f16.byteSize()), int8Time.wallNanos() / 1e6, int8Time.rate(int8.byteSize()),
                            q8Time.wallNanos() / 1e6, q8Time.rate(int8.byteSize()), f16Time.wallNanos() / int8Time.wallNanos());
                }
            }
        }
    }

    private void model() {
        System.out.println("\n## model: whole 2B4T weight set cycled from DRAM (matvecs only, one decode step per run)");
        try (Arena arena = Arena.ofShared()) {
            I2sMatrix[][] layers = new I2sMatrix[LAYERS][];
            I2sMatrix[][] qkv = new I2sMatrix[LAYERS][];
            I2sMatrix[][] gateUp = new I2sMatrix[LAYERS][];
            long ternaryBytes = 0;
            for (int l = 0; l < LAYERS; l++) {
                layers[l] = new I2sMatrix[] {
                    randomMatrix(arena, DIM, DIM), randomMatrix(arena, KV_DIM, DIM), randomMatrix(arena, KV_DIM, DIM),
                    randomMatrix(arena, DIM, DIM), randomMatrix(arena, FFN, DIM), randomMatrix(arena, FFN, DIM),
                    randomMatrix(arena, DIM, FFN)};
                qkv[l] = new I2sMatrix[] {layers[l][0], layers[l][1], layers[l][2]};
                gateUp[l] = new I2sMatrix[] {layers[l][4], layers[l][5]};
                for (I2sMatrix m : layers[l]) {
                    ternaryBytes += m.codeBytes();
                }
            }
            FloatRowMatrix head = randomF16(arena, VOCAB, DIM);
            Int8RowMatrix int8Head = Int8RowMatrix.quantize(head, arena);
            QuantizedVector xDim = randomVector(DIM);
            QuantizedVector xFfn = randomVector(FFN);
            float[] hidden = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                hidden[i] = (float) random.nextGaussian();
            }
            float[] q = new float[DIM], k = new float[KV_DIM], v = new float[KV_DIM], o = new float[DIM];
            float[] gate = new float[FFN], up = new float[FFN], down = new float[DIM], logits = new float[VOCAB];
            float[][] qkvOut = {q, k, v};
            float[][] gateUpOut = {gate, up};
            int[] zeros3 = new int[3], zeros2 = new int[2];
            long f16Bytes = ternaryBytes + head.byteSize();
            long int8Bytes = ternaryBytes + int8Head.byteSize();
            System.out.printf(Locale.ROOT, "bytes per token: ternary %.0f MB + F16 head %.0f MB = %.0f MB (with the int8 head %.0f MB); 4 ternary sections per layer + 1 head = %d sections%n",
                    ternaryBytes / 1e6, head.byteSize() / 1e6, f16Bytes / 1e6, int8Bytes / 1e6, 4 * LAYERS + 1);
            for (I2sLayout layout : I2sLayout.values()) {
            if (layout == I2sLayout.TILED_32) {
                for (int l = 0; l < LAYERS; l++) {
                    for (int m = 0; m < layers[l].length; m++) {
                        layers[l][m] = layers[l][m].tileInPlace();
                    }
                    qkv[l] = new I2sMatrix[] {layers[l][0], layers[l][1], layers[l][2]};
                    gateUp[l] = new I2sMatrix[] {layers[l][4], layers[l][5]};
                }
            }
            for (int t = 1; t <= maxThreads; t++) {
                for (long spin : t == 1 ? new long[] {0} : new long[] {0, KernelPool.DEFAULT_SPIN_NANOS}) {
                    try (KernelPool pool = new KernelPool(t, VectorTernaryKernel.INSTANCE, spin)) {
                        Runnable ternary = () -> {
                            for (int l = 0; l < LAYERS; l++) {
                                pool.matvec(qkv[l], xDim, qkvOut, zeros3);
                                pool.matvec(layers[l][3], xDim, o, 0);
                                pool.matvec(gateUp[l], xDim, gateUpOut, zeros2);
                                pool.matvec(layers[l][6], xFfn, down, 0);
                            }
                        };
                        Timing ternaryTime = time(t, ternary);
                        Timing headTime = time(t, () -> pool.matvec(head, hidden, 0, logits, 0));
                        Timing token = time(t, () -> {
                            ternary.run();
                            pool.matvec(head, hidden, 0, logits, 0);
                        });
                        Timing int8Token = time(t, () -> {
                            ternary.run();
                            pool.matvec(int8Head, hidden, 0, logits, 0);
                        });
                        double roofline = streamGbPerSecond.length > t ? streamGbPerSecond[t] : Double.NaN;
                        double cpuRoofline = streamCpuGbPerSecond.length > t ? streamCpuGbPerSecond[t] : Double.NaN;
                        System.out.printf(Locale.ROOT, "%s, %d thread(s), %s:%n", layout, t, t == 1 ? "caller only" : spin == 0 ? "park/unpark hand-off" : "spin " + spin / 1000 + " us then park");
                        System.out.printf(Locale.ROOT, "    ternary only %s, F16 head only %s%n", ternaryTime.rate(ternaryBytes), headTime.rate(head.byteSize()));
                        System.out.printf(Locale.ROOT, "    F16 head:  %6.1f ms/token = %5.1f tok/s [cpu-est %5.1f], %s, %.2f of the stream roofline [cpu-est %.2f]%n",
                                token.wallNanos() / 1e6, 1e9 / token.wallNanos(), 1e9 / token.cpuNanos(), token.rate(f16Bytes),
                                f16Bytes / token.wallNanos() / roofline, f16Bytes / token.cpuNanos() / cpuRoofline);
                        System.out.printf(Locale.ROOT, "    int8 head: %6.1f ms/token = %5.1f tok/s [cpu-est %5.1f], %s, %.2f of the stream roofline [cpu-est %.2f]%n",
                                int8Token.wallNanos() / 1e6, 1e9 / int8Token.wallNanos(), 1e9 / int8Token.cpuNanos(), int8Token.rate(int8Bytes),
                                int8Bytes / int8Token.wallNanos() / roofline, int8Bytes / int8Token.cpuNanos() / cpuRoofline);
                    }
                }
            }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Runs every kernel path (both layouts, matvec and matmul, the float heads) on small matrices for
     * about two seconds before any section, so that C2 compiles each method with all its branches
     * seen; otherwise the first section to take a new branch measures a deoptimized method while it
     * recompiles (slow when other processes keep the compiler thread waiting).
     */
    private void warmUpAllPaths() {
        try (Arena arena = Arena.ofShared(); KernelPool pool = new KernelPool(maxThreads)) {
            I2sMatrix rowMajor = randomMatrix(arena, 256, 1280);
            I2sMatrix tiled = randomMatrix(arena, 256, 1280).tiled(arena);
            QuantizedVector[] xs = new QuantizedVector[5];
            float[][] outs = new float[5][256];
            for (int b = 0; b < xs.length; b++) {
                xs[b] = randomVector(1280);
            }
            FloatRowMatrix f16 = randomF16(arena, 256, 1280);
            Int8RowMatrix int8 = Int8RowMatrix.quantize(f16, arena);
            float[] x = new float[1280];
            java.util.Arrays.fill(x, 0.5f);
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                for (I2sMatrix w : new I2sMatrix[] {rowMajor, tiled}) {
                    VectorTernaryKernel.INSTANCE.matvec(w, xs[0], outs[0], 0);
                    VectorTernaryKernel.INSTANCE.matmul(w, xs, outs);
                    pool.matvec(w, xs[0], outs[0], 0);
                    pool.matmul(w, xs, 5, outs);
                }
                pool.matvec(f16, x, 0, outs[0], 0);
                pool.matvec(int8, x, 0, outs[0], 0);
                int8.matvecQ8Rows(xs[0], outs[0], 0, 0, 256);
            }
        }
    }

    /**
     * @return the median wall time of one run in nanoseconds, after a warm-up; also records in
     *     {@link #lastCpuNanos} the median CPU time of the caller and the pool's workers for one run,
     *     divided by the thread count: an estimate of the wall time on an otherwise idle machine when
     *     other processes compete for the cores (spinning counts as CPU time, so it is not flattered;
     *     cache and memory contention from the other processes still slow it)
     */
    private Timing time(int threads, Runnable body) {
        return time(threads, body, reps);
    }

    private static Timing time(int threads, Runnable body, int reps) {
        cpuThreads = threads;
        double wall = median(body, reps);
        return new Timing(wall, lastCpuNanos);
    }

    private static double lastCpuNanos = Double.NaN;
    private static int cpuThreads = 1;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of this thread and the pools' workers (threads named bitnet-kernel-*), to the nanosecond. */
    private static long kernelCpuNanos() {
        long total = THREADS.getCurrentThreadCpuTime();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("bitnet-kernel-")) {
                long cpu = THREADS.getThreadCpuTime(t.threadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    private static double median(Runnable body, int reps) {
        // Warm-up: at least 1 s and 2·reps runs (at most 200 runs), so that C2 has compiled the
        // kernels even when other processes keep the compiler thread waiting.
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 2 * reps || System.nanoTime() < warmEnd; i++) {
            body.run();
            if (i > 200) {
                break;
            }
        }
        double[] samples = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            // Each sample runs the body for at least 20 ms to average over scheduler noise.
            long cpuStart = kernelCpuNanos();
            long start = System.nanoTime();
            int runs = 0;
            long now;
            do {
                body.run();
                runs++;
                now = System.nanoTime();
            } while (now - start < 20_000_000L);
            samples[i] = (double) (now - start) / runs;
            cpu[i] = (double) (kernelCpuNanos() - cpuStart) / runs / cpuThreads;
        }
        Arrays.sort(samples);
        Arrays.sort(cpu);
        lastCpuNanos = cpu[reps / 2];
        return samples[reps / 2];
    }

    private static long sum(MemorySegment segment, long from, long to) {
        LongVector acc = LongVector.zero(L256);
        for (long off = from; off < to; off += L256.vectorByteSize()) {
            acc = acc.add(LongVector.fromMemorySegment(L256, segment, off, ByteOrder.LITTLE_ENDIAN));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private void fillRandom(MemorySegment segment, long mask) {
        long n = segment.byteSize() / Long.BYTES;
        for (long i = 0; i < n; i++) {
            segment.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong() & mask);
        }
    }

    /** Random bytes but never code 3, as a real I2_S file. */
    private I2sMatrix randomMatrix(Arena arena, int rows, int cols) {
        MemorySegment seg = arena.allocate((long) rows * cols / 4 + I2sMatrix.TRAILER_BYTES, 64);
        long n = ((long) rows * cols / 4) / Long.BYTES;
        for (long i = 0; i < n; i++) {
            long bits = random.nextLong();
            // A code of 3 has both bits set: clear the high bit of each such pair.
            long both = bits & (bits >>> 1) & 0x5555_5555_5555_5555L;
            seg.setAtIndex(ValueLayout.JAVA_LONG, i, bits & ~(both << 1));
        }
        seg.set(I2sMatrix.SCALE_LAYOUT, (long) rows * cols / 4, 0.75f);
        return I2sMatrix.of(seg, rows, cols);
    }

    /** Random finite halves below 2 in magnitude (bit 14, the exponent's top bit, cleared). */
    private FloatRowMatrix randomF16(Arena arena, int rows, int cols) {
        MemorySegment seg = arena.allocate((long) rows * cols * Short.BYTES, 64);
        fillRandom(seg, 0xBFFF_BFFF_BFFF_BFFFL);
        return FloatRowMatrix.f16(seg, rows, cols);
    }

    private QuantizedVector randomVector(int length) {
        QuantizedVector x = new QuantizedVector(length);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        x.quantize(values, 0);
        return x;
    }

    private static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

}
