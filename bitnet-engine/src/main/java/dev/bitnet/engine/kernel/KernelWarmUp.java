package dev.bitnet.engine.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code KernelWarmUp} runs the hot kernels on small synthetic data so that the JIT compiles them
 * before a large model's weights are in memory.
 *
 * <p>Why: C2 needs tens of MB of native memory to compile the batched ternary kernel (measured with
 * {@code -XX:CompileCommand=MemStat}: 50–66 MB for {@code tileDotQ8}, under 10 MB for every other
 * method). Compiled while a 2B4T model's 1.1 GB of weights are resident, that transient adds itself
 * to the process's peak RSS; compiled before the weights are read, it does not. Without it, a run
 * also sometimes processed every prompt with slow code. The results are discarded; nothing here
 * stands in for inference. The warm-up ends early once its rounds run at compiled speed.
 *
 * <p>Once per JVM; {@link #start} returns a daemon thread that the caller may join.
 *
 * @since 0.1
 */
public final class KernelWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** How much faster than the first (interpreted) round a round must be to count as compiled code. */
    static final long COMPILED_SPEED_UP = 2000;
    /** Consecutive fast rounds after which the warm-up stops before its budget. */
    static final int FAST_ROUNDS = 500;

    private KernelWarmUp() {}

    /**
     * Starts the warm-up on a daemon thread, unless one was started before in this JVM.
     *
     * @param budgetNanos how long the warm-up runs at most
     * @return the thread, or {@code null} when a warm-up was already started
     */
    public static Thread start(long budgetNanos) {
        if (!STARTED.compareAndSet(false, true)) {
            return null;
        }
        Thread t = new Thread(() -> run(budgetNanos), "bitnet-kernel-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Runs the matvec, the batched products (8, 4 and 1 vectors) and the F16 head until the budget is spent. */
    static void run(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        SplittableRandom random = new SplittableRandom(20261130);
        int rows = I2sMatrix.TILE_ROWS;
        // a shared arena, like the model's weights: code compiled for a confined one hits an uncommon
        // trap on the first shared segment and is compiled again
        try (Arena arena = Arena.ofShared()) {
            // 160 bytes per row: a full column chunk and a narrower one, both paths the real shapes take
            Product wide = new Product(arena, rows, 640, random);
            // 32 bytes per row: cheap calls, so that the slow interpreted and C1 versions reach C2's
            // invocation threshold (C2 compiles the batched kernel in a loop first, then whole)
            Product narrow = new Product(arena, rows, 128, random);
            MemorySegment halves = arena.allocate((long) rows * 640 * Short.BYTES, 64);
            for (long i = 0; i < rows * 640L; i++) {
                halves.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16((float) random.nextGaussian()));
            }
            FloatRowMatrix head = new F16RowMatrix(halves, rows, 640);
            float[] x = new float[640];
            float[] logits = new float[rows];
            long first = 0;
            int fastRounds = 0;
            while (System.nanoTime() < deadline && fastRounds < FAST_ROUNDS) {
                long t0 = System.nanoTime();
                // the batched kernel is the one whose compilation needs the memory: call it most
                for (int i = 0; i < 16; i++) {
                    narrow.matmul();
                }
                wide.matmul();
                wide.matvec();
                head.matvecRows(x, 0, logits, 0, 0, rows);
                long round = System.nanoTime() - t0;
                if (first == 0) {
                    first = round;
                }
                // Interpreted and C1-compiled vector code is thousands of times slower than C2's
                // (measured: first round ~420 ms, C1 rounds ~17 ms, compiled ~65 us): a run of rounds
                // this much faster than the first means the kernels have been compiled, so stop early.
                fastRounds = round * COMPILED_SPEED_UP < first ? fastRounds + 1 : 0;
                if (Boolean.getBoolean("bitnet.warmUp.verbose")) {
                    System.err.printf("warm-up round %d us (first %d us)%n", round / 1000, first / 1000);
                }
            }
        }
    }

    /** One ternary matrix in the engine's layout and 13 activation vectors: one group of eight, one of four, one single. */
    private static final class Product {
        final I2sMatrix w;
        final QuantizedVector[] xs = new QuantizedVector[13];
        final float[][] outs;

        Product(Arena arena, int rows, int cols, SplittableRandom random) {
            MemorySegment codes = arena.allocate((long) rows * cols / 4, 64);
            for (long i = 0; i < codes.byteSize(); i++) {
                int b = 0;
                for (int k = 0; k < 4; k++) {
                    b = b << 2 | random.nextInt(3);
                }
                codes.set(ValueLayout.JAVA_BYTE, i, (byte) b);
            }
            I2sMatrix rowMajor = new I2sMatrix(codes, rows, cols, 1f);
            w = VectorTernaryKernel.prefersTiled() ? rowMajor.tiled(arena) : rowMajor;
            float[] x = new float[cols];
            for (int b = 0; b < xs.length; b++) {
                for (int k = 0; k < cols; k++) {
                    x[k] = (float) random.nextGaussian();
                }
                xs[b] = new QuantizedVector(cols);
                xs[b].quantize(x, 0);
            }
            outs = new float[xs.length][rows];
        }

        void matmul() {
            VectorTernaryKernel.INSTANCE.matmul(w, xs, outs);
        }

        void matvec() {
            VectorTernaryKernel.INSTANCE.matvec(w, xs[0], outs[0], 0);
        }
    }
}
