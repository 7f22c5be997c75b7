package dev.bitnet.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code CudaContext} owns one device's primary context, one stream and the loaded kernel module,
 * and the single platform thread through which every driver call that needs them is made.
 *
 * <p>Threading: the driver binds a context to a thread ({@code cuCtxSetCurrent}). Rather than
 * re-binding on every caller, the context has one dedicated platform thread ("owner"); public
 * operations run there through {@link #call(Callable)}, and the owner-only methods (allocation,
 * copies, launches) assert that they run on it. Callers on other threads block until their task
 * is done; tasks run one at a time, in submission order.
 *
 * <p>Memory: every device allocation made through {@link #alloc(long)} is tracked, so that
 * {@link #allocatedBytes()} can be checked for leaks and {@link #close()} frees what is left.
 * Host-side scratch memory (kernel parameters, a staging buffer) lives in a confined arena of
 * the owner thread, closed by {@link #close()} on that thread.
 *
 * @since 0.1
 */
public final class CudaContext implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int ordinal;
    private final ExecutorService executor;
    private final Thread ownerThread;
    // Below: touched on the owner thread only.
    private final Map<Long, Long> allocations = new HashMap<>();
    private long allocatedBytes;
    private int device;
    private MemorySegment stream = MemorySegment.NULL;
    private boolean contextRetained;
    private Arena arena;
    private MemorySegment staging = MemorySegment.NULL;
    private Arena stagingArena;
    private Launch launch;
    private CudaKernels kernels;
    private String deviceName = "";
    private int computeMajor;
    private int computeMinor;
    private int multiprocessors;
    private long totalMemoryBytes;
    private volatile boolean closed;

    private CudaContext(int ordinal) {
        this.ordinal = ordinal;
        Thread[] made = new Thread[1];
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = Thread.ofPlatform().daemon().name("cuda-context-" + ordinal + "-" + THREADS.incrementAndGet())
                    .unstarted(r);
            made[0] = t;
            return t;
        });
        try {
            // start the thread now so that its identity is known before any task runs
            executor.submit(() -> {}).get();
        } catch (InterruptedException | ExecutionException e) {
            executor.shutdownNow();
            throw new IllegalStateException("Illegal state: CUDA owner thread did not start", e);
        }
        this.ownerThread = made[0];
    }

    /**
     * Opens a context on device {@code ordinal}: initializes the driver, retains the device's
     * primary context, creates a stream and loads the kernels.
     *
     * @throws CudaException naming the driver call that failed (no driver, no device, PTX the
     *                       driver cannot compile, ...)
     */
    public static CudaContext open(int ordinal) {
        CudaContext c = new CudaContext(ordinal);
        try {
            c.call(() -> {
                c.initialize();
                return null;
            });
            return c;
        } catch (RuntimeException | Error e) {
            try {
                c.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void initialize() {
        CudaDriver.libraryProblem().ifPresent(p -> {
            throw new CudaException("dlopen", p, null);
        });
        CudaDriver.init();
        int count = CudaDriver.deviceCount();
        if (ordinal < 0 || ordinal >= count) {
            throw new CudaException("cuDeviceGet", "device ordinal must be within [0, " + count + ") but was: " + ordinal,
                    null);
        }
        device = CudaDriver.device(ordinal);
        deviceName = CudaDriver.deviceName(device);
        computeMajor = CudaDriver.deviceAttribute(device, CudaDriver.ATTR_COMPUTE_CAPABILITY_MAJOR);
        computeMinor = CudaDriver.deviceAttribute(device, CudaDriver.ATTR_COMPUTE_CAPABILITY_MINOR);
        multiprocessors = CudaDriver.deviceAttribute(device, CudaDriver.ATTR_MULTIPROCESSOR_COUNT);
        totalMemoryBytes = CudaDriver.deviceTotalMemory(device);
        MemorySegment ctx = CudaDriver.primaryContextRetain(device);
        contextRetained = true;
        CudaDriver.contextSetCurrent(ctx);
        stream = CudaDriver.streamCreate();
        arena = Arena.ofConfined();
        launch = new Launch(arena);
        kernels = CudaKernels.load(this);
    }

    // ---------------------------------------------------------------------------------- threading

    /**
     * Runs {@code task} on the owner thread and returns its result; runs it directly when called
     * from the owner thread.
     *
     * @throws IllegalStateException when the context is closed
     */
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == ownerThread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (closed) {
            throw new IllegalStateException("Illegal state: CUDA context is closed");
        }
        Future<T> f;
        try {
            f = executor.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("Illegal state: CUDA context is closed", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the task keeps running on the owner thread; wait for it so that state stays consistent
            try {
                return f.get();
            } catch (InterruptedException | ExecutionException again) {
                throw new IllegalStateException("interrupted while waiting for the CUDA owner thread", again);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                r.addSuppressed(new Exception("called from thread " + Thread.currentThread().getName()));
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Runs {@code task} on the owner thread. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** @return whether the calling thread is the owner thread */
    public boolean onOwnerThread() {
        return Thread.currentThread() == ownerThread;
    }

    private void owner() {
        if (Thread.currentThread() != ownerThread) {
            throw new IllegalStateException("Illegal state: CUDA call on thread " + Thread.currentThread().getName()
                    + " instead of the context's owner thread " + ownerThread.getName() + "; use CudaContext.call");
        }
        if (closed) {
            throw new IllegalStateException("Illegal state: CUDA context is closed");
        }
    }

    // ---------------------------------------------------------------------------------- device facts

    /** @return the device name, e.g. {@code NVIDIA H200} */
    public String deviceName() {
        return deviceName;
    }

    /** @return compute capability as {@code major * 10 + minor}, e.g. 90 */
    public int computeCapability() {
        return computeMajor * 10 + computeMinor;
    }

    /** @return streaming multiprocessors */
    public int multiprocessors() {
        return multiprocessors;
    }

    /** @return device memory in bytes */
    public long totalMemoryBytes() {
        return totalMemoryBytes;
    }

    /** @return the kernels of this context's module */
    public CudaKernels kernels() {
        return kernels;
    }

    /** @return {free, total} device memory in bytes ({@code cuMemGetInfo_v2}) */
    public long[] memoryInfo() {
        return call(CudaDriver::memoryInfo);
    }

    /** @return bytes currently allocated through this context */
    public long allocatedBytes() {
        return call(() -> allocatedBytes);
    }

    /** @return the number of live allocations made through this context */
    public int allocationCount() {
        return call(allocations::size);
    }

    // ---------------------------------------------------------------------------------- owner-thread API

    MemorySegment stream() {
        return stream;
    }

    int device() {
        return device;
    }

    /** Allocates {@code bytes} of device memory (owner thread). */
    long alloc(long bytes) {
        owner();
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive: " + bytes);
        }
        long p = CudaDriver.memAlloc(bytes);
        allocations.put(p, bytes);
        allocatedBytes += bytes;
        return p;
    }

    /** Frees memory from {@link #alloc(long)} (owner thread); 0 is ignored. */
    void free(long pointer) {
        owner();
        if (pointer == 0) {
            return;
        }
        Long bytes = allocations.remove(pointer);
        if (bytes == null) {
            throw new IllegalArgumentException(
                    "device pointer was not allocated by this context or was freed already: 0x" + Long.toHexString(pointer));
        }
        allocatedBytes -= bytes;
        CudaDriver.memFree(pointer);
    }

    /**
     * Copies host memory to the device on the stream and waits for it (owner thread). The segment
     * must be readable from the owner thread: global, automatic or shared arenas (a GGUF file's),
     * not a confined arena of another thread.
     */
    void upload(long dst, MemorySegment src, long bytes) {
        owner();
        if (!src.isAccessibleBy(ownerThread)) {
            throw new IllegalArgumentException("host segment of " + src.byteSize() + " bytes belongs to a confined arena"
                    + " of another thread; the CUDA owner thread cannot read it (use a shared or global arena)");
        }
        if (src.isNative()) {
            CudaDriver.memcpyHtoDAsync(dst, src, bytes, stream);
            CudaDriver.streamSynchronize(stream);
        } else {
            // heap memory cannot be handed to the driver: go through the staging buffer in pieces
            long chunk = 64L << 20;
            for (long off = 0; off < bytes; off += chunk) {
                long n = Math.min(chunk, bytes - off);
                MemorySegment s = staging(n);
                MemorySegment.copy(src, off, s, 0, n);
                CudaDriver.memcpyHtoDAsync(dst + off, s, n, stream);
                CudaDriver.streamSynchronize(stream);
            }
        }
    }

    void upload(long dst, int[] src, int from, int count) {
        owner();
        MemorySegment s = staging((long) count * Integer.BYTES);
        MemorySegment.copy(src, from, s, JAVA_INT, 0, count);
        CudaDriver.memcpyHtoDAsync(dst, s, (long) count * Integer.BYTES, stream);
        CudaDriver.streamSynchronize(stream);
    }

    void upload(long dst, float[] src, int from, int count) {
        owner();
        MemorySegment s = staging((long) count * Float.BYTES);
        MemorySegment.copy(src, from, s, JAVA_FLOAT, 0, count);
        CudaDriver.memcpyHtoDAsync(dst, s, (long) count * Float.BYTES, stream);
        CudaDriver.streamSynchronize(stream);
    }

    void upload(long dst, byte[] src, int from, int count) {
        owner();
        MemorySegment s = staging(count);
        MemorySegment.copy(src, from, s, ValueLayout.JAVA_BYTE, 0, count);
        CudaDriver.memcpyHtoDAsync(dst, s, count, stream);
        CudaDriver.streamSynchronize(stream);
    }

    void upload(long dst, long[] src, int from, int count) {
        owner();
        MemorySegment s = staging((long) count * Long.BYTES);
        MemorySegment.copy(src, from, s, JAVA_LONG, 0, count);
        CudaDriver.memcpyHtoDAsync(dst, s, (long) count * Long.BYTES, stream);
        CudaDriver.streamSynchronize(stream);
    }

    /** Copies device memory into a host array after the stream's work so far (owner thread). */
    void download(float[] dst, int from, long src, int count) {
        owner();
        MemorySegment s = staging((long) count * Float.BYTES);
        CudaDriver.memcpyDtoHAsync(s, src, (long) count * Float.BYTES, stream);
        CudaDriver.streamSynchronize(stream);
        MemorySegment.copy(s, JAVA_FLOAT, 0, dst, from, count);
    }

    void download(int[] dst, int from, long src, int count) {
        owner();
        MemorySegment s = staging((long) count * Integer.BYTES);
        CudaDriver.memcpyDtoHAsync(s, src, (long) count * Integer.BYTES, stream);
        CudaDriver.streamSynchronize(stream);
        MemorySegment.copy(s, JAVA_INT, 0, dst, from, count);
    }

    void download(byte[] dst, int from, long src, int count) {
        owner();
        MemorySegment s = staging(count);
        CudaDriver.memcpyDtoHAsync(s, src, count, stream);
        CudaDriver.streamSynchronize(stream);
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, dst, from, count);
    }

    void memset(long dst, int value, long bytes) {
        owner();
        CudaDriver.memsetD8(dst, value, bytes);
    }

    void copyDeviceToDevice(long dst, long src, long bytes) {
        owner();
        CudaDriver.memcpyDtoD(dst, src, bytes);
    }

    /** Waits for all work queued on the stream (owner thread). */
    void synchronize() {
        owner();
        CudaDriver.streamSynchronize(stream);
    }

    /** @return the launch parameter writer, reset (owner thread) */
    Launch launch() {
        owner();
        return launch.reset();
    }

    private MemorySegment staging(long bytes) {
        if (staging.byteSize() < bytes) {
            if (stagingArena != null) {
                stagingArena.close();
            }
            stagingArena = Arena.ofConfined();
            staging = stagingArena.allocate(Math.max(bytes, 1 << 20), 64);
        }
        return staging;
    }

    // ---------------------------------------------------------------------------------- launches

    /**
     * Writes kernel arguments into native slots and launches: {@code launch().ptr(a).i32(n).go(...)}.
     * One instance per context, used on the owner thread only, so launching allocates nothing.
     */
    final class Launch {
        private static final int SLOTS = 32;
        private final MemorySegment values;
        private final MemorySegment pointers;
        private int count;

        Launch(Arena arena) {
            values = arena.allocate(8L * SLOTS, 16);
            pointers = arena.allocate(ADDRESS, SLOTS);
            for (int i = 0; i < SLOTS; i++) {
                pointers.setAtIndex(ADDRESS, i, values.asSlice(8L * i, 8));
            }
        }

        Launch reset() {
            count = 0;
            return this;
        }

        private long slot() {
            if (count == SLOTS) {
                throw new IllegalStateException("Illegal state: more than " + SLOTS + " kernel arguments");
            }
            return 8L * count++;
        }

        Launch ptr(long devicePointer) {
            values.set(JAVA_LONG, slot(), devicePointer);
            return this;
        }

        Launch i64(long value) {
            values.set(JAVA_LONG, slot(), value);
            return this;
        }

        Launch i32(int value) {
            values.set(JAVA_INT, slot(), value);
            return this;
        }

        Launch f32(float value) {
            values.set(JAVA_FLOAT, slot(), value);
            return this;
        }

        void go(CudaKernels.Kernel kernel, int gridX, int gridY, int blockX, int sharedBytes) {
            owner();
            if (gridX <= 0 || gridY <= 0) {
                return; // nothing to do (e.g. zero rows)
            }
            if (profile != null) {
                CudaDriver.launchKernel(kernel.function(), gridX, gridY, 1, blockX, 1, 1, sharedBytes, stream, pointers,
                        kernel.name());
                MemorySegment after = CudaDriver.eventCreate();
                CudaDriver.eventRecord(after, stream);
                profile.add(new Object[] {kernel.name(), after});
                return;
            }
            CudaDriver.launchKernel(kernel.function(), gridX, gridY, 1, blockX, 1, 1, sharedBytes, stream, pointers,
                    kernel.name());
        }
    }

    // ---------------------------------------------------------------------------------- profiling

    private java.util.@org.jspecify.annotations.Nullable List<Object[]> profile;

    /**
     * Queues {@code before} (GPU work long enough for the host to queue all of {@code work} behind
     * it), then {@code work} with an event after every launch, and returns the GPU milliseconds per
     * kernel name (summed over the intervals between consecutive events), in first-launch order;
     * owner thread. With the GPU busy while the host queues, the intervals are the kernels' own
     * times plus the gaps between them, not the host's launch cost. (Events recorded inside a
     * captured graph cannot be timed: cuEventElapsedTime refuses them.)
     */
    java.util.Map<String, Double> profileMillis(Runnable before, Runnable work) {
        owner();
        java.util.List<Object[]> launches = new java.util.ArrayList<>();
        java.util.Map<String, Double> ms = new java.util.LinkedHashMap<>();
        MemorySegment first = CudaDriver.eventCreate();
        try {
            before.run();
            CudaDriver.eventRecord(first, stream);
            profile = launches;
            try {
                work.run();
            } finally {
                profile = null;
            }
            CudaDriver.streamSynchronize(stream);
            MemorySegment previous = first;
            for (Object[] e : launches) {
                MemorySegment after = (MemorySegment) e[1];
                ms.merge((String) e[0], (double) CudaDriver.eventElapsedMillis(previous, after), Double::sum);
                previous = after;
            }
        } finally {
            CudaDriver.eventDestroy(first);
            for (Object[] e : launches) {
                CudaDriver.eventDestroy((MemorySegment) e[1]);
            }
        }
        return ms;
    }

    // ---------------------------------------------------------------------------------- graphs

    /**
     * A CUDA graph captured from a sequence of launches on the context's stream: replaying it costs
     * one host call instead of one per kernel (on a virtualized GPU a launch costs the host several
     * microseconds, comparable with the kernels of a decode step). Kernel arguments are captured by
     * value, so everything that changes between replays must be read from device memory.
     * Owner thread only; {@link #close()} destroys it.
     */
    final class Graph implements AutoCloseable {
        private MemorySegment graph;
        private MemorySegment exec;

        private Graph(Runnable launches) {
            owner();
            CudaDriver.streamBeginCapture(stream);
            MemorySegment captured;
            try {
                launches.run();
            } finally {
                // end the capture even when a launch failed, so that the stream stays usable
                captured = CudaDriver.streamEndCapture(stream);
            }
            graph = captured;
            exec = CudaDriver.graphInstantiate(graph);
            graphs.add(this);
        }

        /** Queues one replay on the stream (owner thread). */
        void launch() {
            owner();
            CudaDriver.graphLaunch(exec, stream);
        }

        @Override
        public void close() {
            owner();
            if (graphs.remove(this)) {
                destroy();
            }
        }

        private void destroy() {
            CudaDriver.graphExecDestroy(exec);
            CudaDriver.graphDestroy(graph);
        }
    }

    private final java.util.List<Graph> graphs = new java.util.ArrayList<>();

    /** Captures {@code launches} (kernel launches only: no copies or synchronization) into a graph. */
    Graph capture(Runnable launches) {
        return new Graph(launches);
    }

    // ---------------------------------------------------------------------------------- events

    /** Records an event pair around GPU work on the stream; owner thread. */
    float timeMillis(Runnable work) {
        return timeMillis(() -> {}, work);
    }

    /**
     * Queues {@code before} (e.g. a long copy that keeps the GPU busy while the host queues the
     * launches of {@code work}), then times only {@code work} with an event pair; owner thread.
     */
    float timeMillis(Runnable before, Runnable work) {
        owner();
        before.run();
        MemorySegment start = CudaDriver.eventCreate();
        MemorySegment end = CudaDriver.eventCreate();
        try {
            CudaDriver.eventRecord(start, stream);
            work.run();
            CudaDriver.eventRecord(end, stream);
            CudaDriver.eventSynchronize(end);
            return CudaDriver.eventElapsedMillis(start, end);
        } finally {
            CudaDriver.eventDestroy(start);
            CudaDriver.eventDestroy(end);
        }
    }

    // ---------------------------------------------------------------------------------- close

    /**
     * Frees every allocation still live, unloads the module, destroys the stream, releases the
     * primary context and stops the owner thread. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException failure = null;
        try {
            call(() -> {
                release();
                return null;
            });
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            closed = true;
            executor.shutdown();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void release() {
        RuntimeException first = null;
        for (Graph g : graphs.toArray(Graph[]::new)) {
            try {
                g.destroy();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        graphs.clear();
        for (Long p : allocations.keySet().toArray(Long[]::new)) {
            try {
                CudaDriver.memFree(p);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        allocations.clear();
        allocatedBytes = 0;
        if (kernels != null) {
            try {
                kernels.unload();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (!stream.equals(MemorySegment.NULL)) {
            try {
                CudaDriver.streamDestroy(stream);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (contextRetained) {
            try {
                CudaDriver.primaryContextRelease(device);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (stagingArena != null) {
            stagingArena.close();
        }
        if (arena != null) {
            arena.close();
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "CudaContext[" + ordinal + ": " + deviceName + ", sm_" + computeCapability() + "]";
    }
}
