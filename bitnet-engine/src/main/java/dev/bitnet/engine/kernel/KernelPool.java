package dev.bitnet.engine.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code KernelPool} runs kernels on a persistent set of threads, splitting output rows: the caller
 * and {@code threads − 1} workers each own a contiguous run of chunks ({@value #CHUNKS_PER_THREAD}
 * per thread) and take the others' leftover chunks when theirs are done, so {@code threads = 1}
 * runs everything on the caller and a thread that starts late or is descheduled takes fewer chunks.
 *
 * <p>A decode step of BitNet 2B4T has about 210 parallel sections, a few tens of microseconds
 * apart, so the hand-off must be cheap: a worker spins (with {@link Thread#onSpinWait()}) for
 * {@code spinNanos} waiting for the next section, then parks; the caller unparks only workers that
 * parked. {@code spinNanos = 0} is plain park/unpark. The same applies to the caller waiting at
 * the end of a section, which waits for the section's chunks to be finished, not for every worker
 * to show up (see {@code Section}).
 *
 * <p>Several matrices that share one input (q/k/v, gate/up) run in one section: the pool splits
 * their concatenated rows. One section runs at a time; concurrent callers take turns.
 *
 * <p>The pool's threads read the weights, so their segments must be accessible from any thread
 * (a global, automatic or shared arena, or a memory map of one); a confined arena's segments fail
 * with {@link WrongThreadException}, reported to the caller.
 *
 * @since 0.1
 */
public final class KernelPool implements AutoCloseable {

    /**
     * Spin time before parking when none is given: long enough to bridge the few microseconds
     * between a decode step's sections (norms, quantization), short enough not to burn a core that
     * other processes need between tokens. See {@link KernelBenchmark}'s {@code model} section for
     * park/unpark against spin-then-park.
     */
    public static final long DEFAULT_SPIN_NANOS = 20_000;

    /** The body of a parallel section: process items {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final TernaryKernel kernel;
    private final long spinNanos;
    private final Worker[] workers;
    private final ReentrantLock sectionLock = new ReentrantLock();
    /** The current section; a new object per section, published by this volatile write. */
    private volatile Section section = Section.NONE;
    private volatile boolean closed;

    // Reusable section bodies, so a decode step allocates nothing.
    private final MatvecSection matvecSection = new MatvecSection();
    private final MatmulSection matmulSection = new MatmulSection();
    private final FloatMatvecSection floatSection = new FloatMatvecSection();

    /** A pool with the Vector API kernel and the default spin. */
    public KernelPool(int threads) {
        this(threads, VectorTernaryKernel.INSTANCE, DEFAULT_SPIN_NANOS);
    }

    /**
     * @param threads   threads in a section, the caller included; at least 1
     * @param kernel    the ternary kernel each thread runs
     * @param spinNanos how long a waiting thread spins before it parks; 0 parks at once
     */
    public KernelPool(int threads, TernaryKernel kernel, long spinNanos) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must not be negative: " + spinNanos);
        }
        this.threads = threads;
        this.kernel = kernel;
        this.spinNanos = spinNanos;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            Thread t = Thread.ofPlatform().daemon().name("bitnet-kernel-" + (i + 1)).unstarted(workers[i]);
            workers[i].thread = t;
            t.start();
        }
    }

    /** @return threads per section, the caller included */
    public int threads() {
        return threads;
    }

    /** @return the ternary kernel the pool runs */
    public TernaryKernel kernel() {
        return kernel;
    }

    // ---------------------------------------------------------------- ternary sections

    /** W (rows, cols) @ x -> out[outOff, outOff+rows), rows split over the threads. */
    public void matvec(I2sMatrix w, QuantizedVector x, float[] out, int outOff) {
        TernaryKernel.checkMatvec(w, x, out, outOff);
        sectionLock.lock();
        try {
            kernel.prepare(x, w.layout());
            matvecSection.setSingle(w, x, out, outOff);
            run(w.rows(), matvecSection, I2sMatrix.GROUP_ROWS);
        } finally {
            matvecSection.clear();
            sectionLock.unlock();
        }
    }

    /**
     * ws[m] @ x -> outs[m][outOffs[m] + r] for every matrix in one section (q/k/v, gate/up): the
     * matrices share the input, and their rows are split over the threads together.
     */
    public void matvec(I2sMatrix[] ws, QuantizedVector x, float[][] outs, int[] outOffs) {
        if (ws.length != outs.length || ws.length != outOffs.length) {
            throw new IllegalArgumentException("need one output and offset per matrix: matrices " + ws.length
                    + ", outputs " + outs.length + ", offsets " + outOffs.length);
        }
        int total = 0;
        for (int m = 0; m < ws.length; m++) {
            TernaryKernel.checkMatvec(ws[m], x, outs[m], outOffs[m]);
            total = Math.addExact(total, ws[m].rows());
        }
        sectionLock.lock();
        try {
            for (I2sMatrix w : ws) {
                kernel.prepare(x, w.layout());
            }
            matvecSection.set(ws, x, outs, outOffs);
            run(total, matvecSection, I2sMatrix.GROUP_ROWS);
        } finally {
            matvecSection.clear();
            sectionLock.unlock();
        }
    }

    /** W @ [xs[0..count)] -> outs[b][r]: prefill or batched decode, rows split over the threads. */
    public void matmul(I2sMatrix w, QuantizedVector[] xs, int count, float[][] outs) {
        TernaryKernel.checkMatmul(w, xs, count, outs);
        sectionLock.lock();
        try {
            prepare(w, xs, count);
            matmulSection.setSingle(w, xs, count, outs);
            run(w.rows(), matmulSection, I2sMatrix.GROUP_ROWS);
        } finally {
            matmulSection.clear();
            sectionLock.unlock();
        }
    }

    /** ws[m] @ [xs[0..count)] -> outs[m][b][r] for every matrix in one section. */
    public void matmul(I2sMatrix[] ws, QuantizedVector[] xs, int count, float[][][] outs) {
        if (ws.length != outs.length) {
            throw new IllegalArgumentException("need one output set per matrix: matrices " + ws.length + ", outputs " + outs.length);
        }
        int total = 0;
        for (int m = 0; m < ws.length; m++) {
            TernaryKernel.checkMatmul(ws[m], xs, count, outs[m]);
            total = Math.addExact(total, ws[m].rows());
        }
        sectionLock.lock();
        try {
            for (I2sMatrix w : ws) {
                prepare(w, xs, count);
            }
            matmulSection.set(ws, xs, count, outs);
            run(total, matmulSection, I2sMatrix.GROUP_ROWS);
        } finally {
            matmulSection.clear();
            sectionLock.unlock();
        }
    }

    private void prepare(I2sMatrix w, QuantizedVector[] xs, int count) {
        for (int b = 0; b < count; b++) {
            kernel.prepare(xs[b], w.layout());
        }
    }

    // ---------------------------------------------------------------- float sections

    /** m (rows, cols) @ x[xOff, xOff+cols) -> out[outOff, outOff+rows): the output head. */
    public void matvec(FloatRowMatrix m, float[] x, int xOff, float[] out, int outOff) {
        if (xOff < 0 || xOff > x.length - m.cols()) {
            throw new IllegalArgumentException("vector of length " + x.length + " has no " + m.cols() + " elements at offset " + xOff);
        }
        if (outOff < 0 || outOff > out.length - m.rows()) {
            throw new IllegalArgumentException("output of length " + out.length + " has no room for " + m.rows() + " rows at offset " + outOff);
        }
        sectionLock.lock();
        try {
            floatSection.set(m, x, xOff, out, outOff);
            run(m.rows(), floatSection, 1);
        } finally {
            floatSection.clear();
            sectionLock.unlock();
        }
    }

    /**
     * Runs {@code task} over {@code [0, count)} split into contiguous chunks that the caller and the
     * workers claim (each index exactly once; a thread may get several chunks): attention heads, any
     * other row-parallel loop.
     */
    public void parallelFor(int count, RangeTask task) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        sectionLock.lock();
        try {
            run(count, task, 1);
        } finally {
            sectionLock.unlock();
        }
    }

    // ---------------------------------------------------------------- hand-off

    /**
     * Chunks per thread in a section. The participants claim chunks from a shared counter, so a
     * thread that the OS deschedules (the machine may be shared) delays the section by one chunk,
     * not by its whole share; each chunk is still one contiguous run of rows for the prefetcher.
     */
    static final int CHUNKS_PER_THREAD = 4;

    /** Runs body over [0, n) in chunks claimed by the caller and the workers, boundaries on multiples of granule. */
    private void run(int n, RangeTask body, int granule) {
        if (closed) {
            throw new IllegalStateException("Illegal state: kernel pool is closed");
        }
        if (threads == 1 || n < 2) {
            body.run(0, n);
            return;
        }
        Section sec = new Section(body, n, granule,
                Math.max(1, Math.min(threads * CHUNKS_PER_THREAD, (n + granule - 1) / granule)), threads, Thread.currentThread());
        section = sec; // volatile write: publishes the section and its inputs
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        sec.runChunks(0);
        sec.await(spinNanos);
        Throwable f = sec.failure;
        if (f != null) {
            throwUnchecked(f);
        }
    }

    /**
     * One parallel section: its task and range, and its own claim and completion counters. A worker
     * that wakes late holds a finished section, which has no chunk left to claim, so it can never run
     * a chunk of a newer section with an old task; and the caller waits for the section's chunks to
     * be finished, never for a worker that claimed none (one the OS has not scheduled yet).
     *
     * <p>Claiming: participant {@code p} (the caller is 0) owns the chunks
     * {@code [p·chunks/T, (p+1)·chunks/T)} and takes them from the front, so each thread reads one
     * contiguous run of rows, which the hardware prefetcher follows from chunk to chunk (with chunks
     * dealt round-robin, every chunk started a new stream: the 2B4T ternary sections read 25–29.5
     * instead of 31–32 GB/s with two threads). A participant whose own chunks are gone takes the
     * others' from the back, so a thread that starts late or is descheduled still delays the section
     * by one chunk at most. Each range is one {@code long}, next in the high half, end in the low
     * half, so that the front and the back are claimed with one compare-and-set each.
     */
    private static final class Section {
        static final Section NONE = new Section((from, to) -> {}, 0, 1, 0, 1, null);

        final RangeTask task;
        final int count;
        final int granule;
        final int chunks;
        final @Nullable Thread caller;
        final AtomicLongArray ranges;
        final AtomicInteger completed = new AtomicInteger();
        volatile boolean callerParked;
        volatile @Nullable Throwable failure;

        Section(RangeTask task, int count, int granule, int chunks, int participants, @Nullable Thread caller) {
            this.task = task;
            this.count = count;
            this.granule = granule;
            this.chunks = chunks;
            this.caller = caller;
            this.ranges = new AtomicLongArray(participants);
            for (int p = 0; p < participants; p++) {
                ranges.set(p, range((int) ((long) chunks * p / participants), (int) ((long) chunks * (p + 1) / participants)));
            }
        }

        private static long range(int next, int end) {
            return (long) next << 32 | (end & 0xFFFF_FFFFL);
        }

        /**
         * @return the first ({@code front}) or last unclaimed chunk of participant {@code p}'s
         *     range, claimed, or −1 when none is left
         */
        private int claim(int p, boolean front) {
            while (true) {
                long v = ranges.get(p);
                int next = (int) (v >>> 32);
                int end = (int) v;
                if (next >= end) {
                    return -1;
                }
                if (ranges.compareAndSet(p, v, front ? range(next + 1, end) : range(next, end - 1))) {
                    return front ? next : end - 1;
                }
            }
        }

        /** Runs participant {@code self}'s chunks, then any left in the others' ranges. */
        void runChunks(int self) {
            for (int c = claim(self, true); c >= 0; c = claim(self, true)) {
                runChunk(c);
            }
            int participants = ranges.length();
            for (int k = 1; k < participants; k++) {
                int victim = (self + k) % participants;
                for (int c = claim(victim, false); c >= 0; c = claim(victim, false)) {
                    runChunk(c);
                }
            }
        }

        private void runChunk(int c) {
            try {
                int from = chunkStart(count, c, granule, chunks);
                int to = chunkStart(count, c + 1, granule, chunks);
                if (from < to) {
                    task.run(from, to);
                }
            } catch (Throwable t) {
                Throwable first = failure;
                if (first == null) {
                    failure = t;
                } else if (first != t) {
                    first.addSuppressed(t);
                }
            } finally {
                if (completed.incrementAndGet() == chunks && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits (spinning, then parked) until every chunk is finished. */
        void await(long spinNanos) {
            if (completed.get() == chunks) {
                return;
            }
            long deadline = System.nanoTime() + spinNanos;
            while (completed.get() != chunks && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            while (completed.get() != chunks) {
                callerParked = true;
                if (completed.get() != chunks) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }
    }

    /** Start of chunk {@code c}, rounded to the granule (groups of the tiled layout) so that no group is split. */
    private static int chunkStart(int n, int c, int granule, int chunks) {
        if (c >= chunks) {
            return n;
        }
        long start = (long) n * c / chunks;
        return (int) Math.min(n, (start + granule / 2) / granule * granule);
    }

    private static void throwUnchecked(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("kernel failed", t);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
        for (Worker w : workers) {
            try {
                w.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker implements Runnable {
        /** This worker's participant index in a section (the caller is 0). */
        final int index;
        Thread thread;
        volatile boolean parked;

        Worker(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            // NONE is "no section yet": reading the field here instead could miss a section
            // the caller published before this thread got to run.
            Section seen = Section.NONE;
            while (true) {
                Section sec = awaitSection(seen);
                if (closed) {
                    return;
                }
                seen = sec;
                sec.runChunks(index);
            }
        }

        private Section awaitSection(Section seen) {
            long deadline = System.nanoTime() + spinNanos;
            Section sec;
            while ((sec = section) == seen && !closed) {
                if (System.nanoTime() >= deadline) {
                    parked = true;
                    if (section == seen && !closed) {
                        LockSupport.park(KernelPool.this);
                    }
                    parked = false;
                } else {
                    Thread.onSpinWait();
                }
            }
            return sec;
        }
    }

    // ---------------------------------------------------------------- section bodies

    private static final I2sMatrix[] NO_MATRICES = new I2sMatrix[0];
    private static final QuantizedVector[] NO_VECTORS = new QuantizedVector[0];
    private static final QuantizedVector NO_VECTOR = new QuantizedVector(I2sMatrix.BLOCK_ELEMENTS);
    private static final float[] NO_FLOATS = new float[0];

    /**
     * A section over the rows of several matrices stacked one after the other (q/k/v, gate/up):
     * splits a range of stacked rows into per-matrix row ranges.
     */
    private abstract static class StackedRows implements RangeTask {
        I2sMatrix[] ws = NO_MATRICES;

        /** Runs rows [lo, hi) of matrix {@code m}. */
        abstract void rows(int m, int lo, int hi);

        @Override
        public final void run(int from, int to) {
            int base = 0;
            for (int m = 0; m < ws.length && base < to; m++) {
                int rows = ws[m].rows();
                int lo = Math.max(from, base) - base;
                int hi = Math.min(to, base + rows) - base;
                if (lo < hi) {
                    rows(m, lo, hi);
                }
                base += rows;
            }
        }
    }

    /** Rows of several matrices, concatenated, applied to one input. */
    private final class MatvecSection extends StackedRows {
        private final I2sMatrix[] single = new I2sMatrix[1];
        private final float[][] singleOut = new float[1][];
        private final int[] singleOff = new int[1];
        private QuantizedVector x = NO_VECTOR;
        private float[][] outs = singleOut;
        private int[] outOffs = singleOff;

        void setSingle(I2sMatrix w, QuantizedVector x, float[] out, int outOff) {
            single[0] = w;
            singleOut[0] = out;
            singleOff[0] = outOff;
            set(single, x, singleOut, singleOff);
        }

        void set(I2sMatrix[] ws, QuantizedVector x, float[][] outs, int[] outOffs) {
            this.ws = ws;
            this.x = x;
            this.outs = outs;
            this.outOffs = outOffs;
        }

        void clear() {
            this.ws = NO_MATRICES;
            this.x = NO_VECTOR;
            single[0] = null;
            singleOut[0] = null;
        }

        @Override
        void rows(int m, int lo, int hi) {
            kernel.matvecRows(ws[m], x, outs[m], outOffs[m], lo, hi);
        }
    }

    /** Rows of several matrices, concatenated, applied to a batch of inputs. */
    private final class MatmulSection extends StackedRows {
        private final I2sMatrix[] single = new I2sMatrix[1];
        private final float[][][] singleOut = new float[1][][];
        private QuantizedVector[] xs = NO_VECTORS;
        private int count;
        private float[][][] outs = singleOut;

        void setSingle(I2sMatrix w, QuantizedVector[] xs, int count, float[][] out) {
            single[0] = w;
            singleOut[0] = out;
            set(single, xs, count, singleOut);
        }

        void set(I2sMatrix[] ws, QuantizedVector[] xs, int count, float[][][] outs) {
            this.ws = ws;
            this.xs = xs;
            this.count = count;
            this.outs = outs;
        }

        void clear() {
            this.ws = NO_MATRICES;
            this.xs = NO_VECTORS;
            single[0] = null;
            singleOut[0] = null;
        }

        @Override
        void rows(int m, int lo, int hi) {
            kernel.matmulRows(ws[m], xs, count, outs[m], lo, hi);
        }
    }

    private static final class FloatMatvecSection implements RangeTask {
        private FloatRowMatrix m = EMPTY;
        private float[] x = NO_FLOATS;
        private int xOff;
        private float[] out = NO_FLOATS;
        private int outOff;

        private static final FloatRowMatrix EMPTY = FloatRowMatrix.f32(
                java.lang.foreign.MemorySegment.ofArray(new float[1]), 1, 1);

        void set(FloatRowMatrix m, float[] x, int xOff, float[] out, int outOff) {
            this.m = m;
            this.x = x;
            this.xOff = xOff;
            this.out = out;
            this.outOff = outOff;
        }

        void clear() {
            this.m = EMPTY;
            this.x = NO_FLOATS;
            this.out = NO_FLOATS;
        }

        @Override
        public void run(int from, int to) {
            m.matvecRows(x, xOff, out, outOff, from, to);
        }
    }
}
