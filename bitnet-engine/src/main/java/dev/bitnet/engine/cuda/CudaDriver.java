package dev.bitnet.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Hand-written {@code java.lang.foreign} downcalls to the CUDA driver API ({@code libcuda.so.1}).
 *
 * <p>Only the driver is needed at run time (no toolkit, no JNI). Versioned symbols are bound by
 * their exported names ({@code cuMemAlloc_v2}, {@code cuMemcpyHtoD_v2}, ...), as {@code cuda.h}'s
 * macros would. Method handles live in static finals of the nested {@link Api} holder, which the
 * JVM initializes on first use: loading this class never touches the library, so a machine without
 * a driver loads it fine and {@link CudaAvailability#probe()} reports why.
 *
 * <p>Every wrapper checks the {@code CUresult} and throws {@link CudaException} naming the call and
 * the driver's error name ({@code cuGetErrorName}). Calls that need a current context must run on
 * the context's owner thread; {@link CudaContext} enforces that.
 *
 * <p>The library is {@code libcuda.so.1} unless the system property {@value #LIBRARY_PROPERTY}
 * names another file (tests use it to exercise the absence paths).
 *
 * @since 0.1
 */
final class CudaDriver {

    /** System property naming the driver library to load instead of {@code libcuda.so.1}. */
    static final String LIBRARY_PROPERTY = "bitnet.cuda.library";

    // cuDeviceGetAttribute attributes (CUdevice_attribute in cuda.h)
    static final int ATTR_MAX_SHARED_MEMORY_PER_BLOCK = 8;
    static final int ATTR_CLOCK_RATE = 13;
    static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    static final int ATTR_MEMORY_CLOCK_RATE = 36;
    static final int ATTR_GLOBAL_MEMORY_BUS_WIDTH = 37;
    static final int ATTR_L2_CACHE_SIZE = 38;
    static final int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTR_COMPUTE_CAPABILITY_MINOR = 76;
    static final int ATTR_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97;

    // CUjit_option
    static final int JIT_INFO_LOG_BUFFER = 3;
    static final int JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
    static final int JIT_ERROR_LOG_BUFFER = 5;
    static final int JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;

    // CUfunction_attribute
    static final int FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;

    private CudaDriver() {}

    /** The bound symbols; initialized (the library loaded) on first access. */
    private static final class Api {
        static final @Nullable Throwable LOAD_FAILURE;
        static final String LIBRARY;
        static final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
                cuDeviceGetAttribute, cuDeviceTotalMem, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease,
                cuCtxSetCurrent, cuCtxSynchronize, cuMemGetInfo, cuMemAlloc, cuMemFree, cuMemcpyHtoD, cuMemcpyDtoH,
                cuMemcpyDtoD, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemsetD8, cuStreamCreate, cuStreamSynchronize,
                cuStreamDestroy, cuModuleLoadDataEx, cuModuleUnload, cuModuleGetFunction, cuFuncSetAttribute,
                cuLaunchKernel, cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime, cuEventDestroy,
                cuGetErrorName, cuGetErrorString, cuStreamBeginCapture, cuStreamEndCapture, cuGraphInstantiate,
                cuGraphLaunch, cuGraphExecDestroy, cuGraphDestroy;

        static {
            String library = System.getProperty(LIBRARY_PROPERTY, "libcuda.so.1");
            SymbolLookup lookup = null;
            Throwable failure = null;
            try {
                // The driver stays loaded for the life of the JVM, as it would in a C program.
                lookup = SymbolLookup.libraryLookup(library, Arena.global());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                failure = e;
            }
            LIBRARY = library;
            LOAD_FAILURE = failure;
            Binder b = new Binder(lookup);
            var I = JAVA_INT;
            var L = JAVA_LONG;
            var A = ADDRESS;
            cuInit = b.bind("cuInit", I, I);
            cuDriverGetVersion = b.bind("cuDriverGetVersion", I, A);
            cuDeviceGetCount = b.bind("cuDeviceGetCount", I, A);
            cuDeviceGet = b.bind("cuDeviceGet", I, A, I);
            cuDeviceGetName = b.bind("cuDeviceGetName", I, A, I, I);
            cuDeviceGetAttribute = b.bind("cuDeviceGetAttribute", I, A, I, I);
            cuDeviceTotalMem = b.bind("cuDeviceTotalMem_v2", I, A, I);
            cuDevicePrimaryCtxRetain = b.bind("cuDevicePrimaryCtxRetain", I, A, I);
            cuDevicePrimaryCtxRelease = b.bind("cuDevicePrimaryCtxRelease_v2", I, I);
            cuCtxSetCurrent = b.bind("cuCtxSetCurrent", I, A);
            cuCtxSynchronize = b.bind("cuCtxSynchronize", I);
            cuMemGetInfo = b.bind("cuMemGetInfo_v2", I, A, A);
            cuMemAlloc = b.bind("cuMemAlloc_v2", I, A, L);
            cuMemFree = b.bind("cuMemFree_v2", I, L);
            cuMemcpyHtoD = b.bind("cuMemcpyHtoD_v2", I, L, A, L);
            cuMemcpyDtoH = b.bind("cuMemcpyDtoH_v2", I, A, L, L);
            cuMemcpyDtoD = b.bind("cuMemcpyDtoD_v2", I, L, L, L);
            cuMemcpyHtoDAsync = b.bind("cuMemcpyHtoDAsync_v2", I, L, A, L, A);
            cuMemcpyDtoHAsync = b.bind("cuMemcpyDtoHAsync_v2", I, A, L, L, A);
            cuMemsetD8 = b.bind("cuMemsetD8_v2", I, L, JAVA_INT, L);
            cuStreamCreate = b.bind("cuStreamCreate", I, A, I);
            cuStreamSynchronize = b.bind("cuStreamSynchronize", I, A);
            cuStreamDestroy = b.bind("cuStreamDestroy_v2", I, A);
            cuModuleLoadDataEx = b.bind("cuModuleLoadDataEx", I, A, A, I, A, A);
            cuModuleUnload = b.bind("cuModuleUnload", I, A);
            cuModuleGetFunction = b.bind("cuModuleGetFunction", I, A, A, A);
            cuFuncSetAttribute = b.bind("cuFuncSetAttribute", I, A, I, I);
            cuLaunchKernel = b.bind("cuLaunchKernel", I, A, I, I, I, I, I, I, I, A, A, A);
            cuEventCreate = b.bind("cuEventCreate", I, A, I);
            cuEventRecord = b.bind("cuEventRecord", I, A, A);
            cuEventSynchronize = b.bind("cuEventSynchronize", I, A);
            // cuda.h 12.8+ maps cuEventElapsedTime to _v2; older drivers export only the first version
            MethodHandle elapsed = b.bind("cuEventElapsedTime_v2", I, A, A, A);
            cuEventElapsedTime = elapsed != null ? elapsed : b.bind("cuEventElapsedTime", I, A, A, A);
            cuEventDestroy = b.bind("cuEventDestroy_v2", I, A);
            cuGetErrorName = b.bind("cuGetErrorName", I, I, A);
            cuStreamBeginCapture = b.bind("cuStreamBeginCapture_v2", I, A, I);
            cuStreamEndCapture = b.bind("cuStreamEndCapture", I, A, A);
            cuGraphInstantiate = b.bind("cuGraphInstantiateWithFlags", I, A, A, L);
            cuGraphLaunch = b.bind("cuGraphLaunch", I, A, A);
            cuGraphExecDestroy = b.bind("cuGraphExecDestroy", I, A);
            cuGraphDestroy = b.bind("cuGraphDestroy", I, A);
            cuGetErrorString = b.bind("cuGetErrorString", I, I, A);
        }
    }

    /** Binds symbols of one library; a missing symbol binds to null and fails when called. */
    private record Binder(@Nullable SymbolLookup lookup) {
        @Nullable MethodHandle bind(String name, java.lang.foreign.MemoryLayout result,
                java.lang.foreign.MemoryLayout... args) {
            if (lookup == null) {
                return null;
            }
            Optional<MemorySegment> symbol = lookup.find(name);
            return symbol.map(s -> Linker.nativeLinker().downcallHandle(s, FunctionDescriptor.of(result, args)))
                    .orElse(null);
        }
    }

    /**
     * Loads the library, if not done yet.
     *
     * @return empty when the library and its core symbols are present, otherwise why not
     */
    static Optional<String> libraryProblem() {
        try {
            if (Api.LOAD_FAILURE != null) {
                return Optional.of("driver library " + Api.LIBRARY + " could not be loaded ("
                        + Api.LOAD_FAILURE.getMessage() + "); is the NVIDIA driver installed?");
            }
            if (Api.cuInit == null || Api.cuLaunchKernel == null || Api.cuModuleLoadDataEx == null) {
                return Optional.of("driver library " + Api.LIBRARY + " lacks the CUDA driver API (no cuInit, "
                        + "cuLaunchKernel or cuModuleLoadDataEx symbol)");
            }
            return Optional.empty();
        } catch (LinkageError e) {
            return Optional.of("driver library " + Api.LIBRARY + " could not be bound: " + e);
        }
    }

    /**
     * Checks a library file the way {@link #libraryProblem()} checks the configured one, without
     * binding it: for tests of the absence messages.
     *
     * @return empty when {@code library} loads and exports {@code cuInit}, otherwise why not
     */
    static Optional<String> checkLibrary(String library) {
        try (Arena arena = Arena.ofShared()) {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(library, arena);
            } catch (IllegalArgumentException e) {
                return Optional.of("driver library " + library + " could not be loaded (" + e.getMessage()
                        + "); is the NVIDIA driver installed?");
            }
            if (lookup.find("cuInit").isEmpty() || lookup.find("cuLaunchKernel").isEmpty()) {
                return Optional.of("driver library " + library + " lacks the CUDA driver API (no cuInit, "
                        + "cuLaunchKernel or cuModuleLoadDataEx symbol)");
            }
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------- errors

    private static MethodHandle need(@Nullable MethodHandle h, String symbol) {
        if (h == null) {
            Optional<String> problem = libraryProblem();
            throw new CudaException(symbol, problem.orElse("symbol " + symbol + " not found in " + Api.LIBRARY), null);
        }
        return h;
    }

    private static void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call, result, errorName(result), errorString(result));
        }
    }

    /** @return the driver's name for a {@code CUresult}, e.g. {@code CUDA_ERROR_NO_DEVICE} */
    static String errorName(int result) {
        return describe(Api.cuGetErrorName, result, "CUDA_ERROR_" + result);
    }

    /** @return the driver's description of a {@code CUresult}, or the empty string */
    static String errorString(int result) {
        return describe(Api.cuGetErrorString, result, "");
    }

    private static String describe(@Nullable MethodHandle h, int result, String fallback) {
        if (h == null) {
            return fallback;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            int r = (int) h.invokeExact(result, p);
            MemorySegment str = p.get(ADDRESS, 0);
            if (r != 0 || str.equals(MemorySegment.NULL)) {
                return fallback;
            }
            return str.reinterpret(4096).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return fallback;
        }
    }

    private static RuntimeException rethrow(Throwable t, String call) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CudaException(call, t.toString(), t);
    }

    // ---------------------------------------------------------------------------------- device

    static void init() {
        try {
            check((int) need(Api.cuInit, "cuInit").invokeExact(0), "cuInit");
        } catch (Throwable t) {
            throw rethrow(t, "cuInit");
        }
    }

    static int driverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check((int) need(Api.cuDriverGetVersion, "cuDriverGetVersion").invokeExact(v), "cuDriverGetVersion");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuDriverGetVersion");
        }
    }

    static int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check((int) need(Api.cuDeviceGetCount, "cuDeviceGetCount").invokeExact(v), "cuDeviceGetCount");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuDeviceGetCount");
        }
    }

    static int device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check((int) need(Api.cuDeviceGet, "cuDeviceGet").invokeExact(v, ordinal), "cuDeviceGet(" + ordinal + ")");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuDeviceGet");
        }
    }

    static String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(256);
            check((int) need(Api.cuDeviceGetName, "cuDeviceGetName").invokeExact(v, 256, device), "cuDeviceGetName");
            return v.getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw rethrow(t, "cuDeviceGetName");
        }
    }

    static int deviceAttribute(int device, int attribute) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check((int) need(Api.cuDeviceGetAttribute, "cuDeviceGetAttribute").invokeExact(v, attribute, device),
                    "cuDeviceGetAttribute(" + attribute + ")");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuDeviceGetAttribute");
        }
    }

    static long deviceTotalMemory(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_LONG);
            check((int) need(Api.cuDeviceTotalMem, "cuDeviceTotalMem_v2").invokeExact(v, device), "cuDeviceTotalMem_v2");
            return v.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuDeviceTotalMem_v2");
        }
    }

    // ---------------------------------------------------------------------------------- context

    static MemorySegment primaryContextRetain(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ADDRESS);
            check((int) need(Api.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain").invokeExact(v, device),
                    "cuDevicePrimaryCtxRetain(" + device + ")");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuDevicePrimaryCtxRetain");
        }
    }

    static void primaryContextRelease(int device) {
        try {
            check((int) need(Api.cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2").invokeExact(device),
                    "cuDevicePrimaryCtxRelease_v2(" + device + ")");
        } catch (Throwable t) {
            throw rethrow(t, "cuDevicePrimaryCtxRelease_v2");
        }
    }

    static void contextSetCurrent(MemorySegment context) {
        try {
            check((int) need(Api.cuCtxSetCurrent, "cuCtxSetCurrent").invokeExact(context), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw rethrow(t, "cuCtxSetCurrent");
        }
    }

    static void contextSynchronize() {
        try {
            check((int) need(Api.cuCtxSynchronize, "cuCtxSynchronize").invokeExact(), "cuCtxSynchronize");
        } catch (Throwable t) {
            throw rethrow(t, "cuCtxSynchronize");
        }
    }

    /** @return {free, total} device memory in bytes */
    static long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check((int) need(Api.cuMemGetInfo, "cuMemGetInfo_v2").invokeExact(free, total), "cuMemGetInfo_v2");
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw rethrow(t, "cuMemGetInfo_v2");
        }
    }

    // ---------------------------------------------------------------------------------- memory

    static long memAlloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_LONG);
            check((int) need(Api.cuMemAlloc, "cuMemAlloc_v2").invokeExact(v, bytes),
                    "cuMemAlloc_v2(" + bytes + " bytes)");
            return v.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuMemAlloc_v2");
        }
    }

    static void memFree(long devicePointer) {
        try {
            check((int) need(Api.cuMemFree, "cuMemFree_v2").invokeExact(devicePointer),
                    "cuMemFree_v2(0x" + Long.toHexString(devicePointer) + ")");
        } catch (Throwable t) {
            throw rethrow(t, "cuMemFree_v2");
        }
    }

    static void memcpyHtoD(long dst, MemorySegment src, long bytes) {
        try {
            check((int) need(Api.cuMemcpyHtoD, "cuMemcpyHtoD_v2").invokeExact(dst, src, bytes),
                    "cuMemcpyHtoD_v2(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw rethrow(t, "cuMemcpyHtoD_v2");
        }
    }

    static void memcpyDtoH(MemorySegment dst, long src, long bytes) {
        try {
            check((int) need(Api.cuMemcpyDtoH, "cuMemcpyDtoH_v2").invokeExact(dst, src, bytes),
                    "cuMemcpyDtoH_v2(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw rethrow(t, "cuMemcpyDtoH_v2");
        }
    }

    static void memcpyDtoD(long dst, long src, long bytes) {
        try {
            check((int) need(Api.cuMemcpyDtoD, "cuMemcpyDtoD_v2").invokeExact(dst, src, bytes),
                    "cuMemcpyDtoD_v2(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw rethrow(t, "cuMemcpyDtoD_v2");
        }
    }

    static void memcpyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check((int) need(Api.cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2").invokeExact(dst, src, bytes, stream),
                    "cuMemcpyHtoDAsync_v2(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw rethrow(t, "cuMemcpyHtoDAsync_v2");
        }
    }

    static void memcpyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) need(Api.cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2").invokeExact(dst, src, bytes, stream),
                    "cuMemcpyDtoHAsync_v2(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw rethrow(t, "cuMemcpyDtoHAsync_v2");
        }
    }

    static void memsetD8(long dst, int value, long bytes) {
        try {
            check((int) need(Api.cuMemsetD8, "cuMemsetD8_v2").invokeExact(dst, value, bytes),
                    "cuMemsetD8_v2(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw rethrow(t, "cuMemsetD8_v2");
        }
    }

    // ---------------------------------------------------------------------------------- streams, events

    static MemorySegment streamCreate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ADDRESS);
            check((int) need(Api.cuStreamCreate, "cuStreamCreate").invokeExact(v, 0), "cuStreamCreate");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuStreamCreate");
        }
    }

    static void streamSynchronize(MemorySegment stream) {
        try {
            check((int) need(Api.cuStreamSynchronize, "cuStreamSynchronize").invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw rethrow(t, "cuStreamSynchronize");
        }
    }

    static void streamDestroy(MemorySegment stream) {
        try {
            check((int) need(Api.cuStreamDestroy, "cuStreamDestroy_v2").invokeExact(stream), "cuStreamDestroy_v2");
        } catch (Throwable t) {
            throw rethrow(t, "cuStreamDestroy_v2");
        }
    }

    static MemorySegment eventCreate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ADDRESS);
            check((int) need(Api.cuEventCreate, "cuEventCreate").invokeExact(v, 0), "cuEventCreate");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuEventCreate");
        }
    }

    static void eventRecord(MemorySegment event, MemorySegment stream) {
        try {
            check((int) need(Api.cuEventRecord, "cuEventRecord").invokeExact(event, stream), "cuEventRecord");
        } catch (Throwable t) {
            throw rethrow(t, "cuEventRecord");
        }
    }

    static void eventSynchronize(MemorySegment event) {
        try {
            check((int) need(Api.cuEventSynchronize, "cuEventSynchronize").invokeExact(event), "cuEventSynchronize");
        } catch (Throwable t) {
            throw rethrow(t, "cuEventSynchronize");
        }
    }

    static float eventElapsedMillis(MemorySegment start, MemorySegment end) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_FLOAT);
            check((int) need(Api.cuEventElapsedTime, "cuEventElapsedTime").invokeExact(v, start, end),
                    "cuEventElapsedTime");
            return v.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuEventElapsedTime");
        }
    }

    static void eventDestroy(MemorySegment event) {
        try {
            check((int) need(Api.cuEventDestroy, "cuEventDestroy_v2").invokeExact(event), "cuEventDestroy_v2");
        } catch (Throwable t) {
            throw rethrow(t, "cuEventDestroy_v2");
        }
    }

    // ---------------------------------------------------------------------------------- graphs

    /** CUstreamCaptureMode: only this thread's calls are captured (and checked). */
    static final int CAPTURE_MODE_THREAD_LOCAL = 1;

    static void streamBeginCapture(MemorySegment stream) {
        try {
            check((int) need(Api.cuStreamBeginCapture, "cuStreamBeginCapture_v2").invokeExact(stream,
                    CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture_v2");
        } catch (Throwable t) {
            throw rethrow(t, "cuStreamBeginCapture_v2");
        }
    }

    /** @return the captured CUgraph */
    static MemorySegment streamEndCapture(MemorySegment stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ADDRESS);
            check((int) need(Api.cuStreamEndCapture, "cuStreamEndCapture").invokeExact(stream, v), "cuStreamEndCapture");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuStreamEndCapture");
        }
    }

    /** @return the executable CUgraphExec of a graph */
    static MemorySegment graphInstantiate(MemorySegment graph) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ADDRESS);
            check((int) need(Api.cuGraphInstantiate, "cuGraphInstantiateWithFlags").invokeExact(v, graph, 0L),
                    "cuGraphInstantiateWithFlags");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuGraphInstantiateWithFlags");
        }
    }

    static void graphLaunch(MemorySegment exec, MemorySegment stream) {
        try {
            check((int) need(Api.cuGraphLaunch, "cuGraphLaunch").invokeExact(exec, stream), "cuGraphLaunch");
        } catch (Throwable t) {
            throw rethrow(t, "cuGraphLaunch");
        }
    }

    static void graphExecDestroy(MemorySegment exec) {
        try {
            check((int) need(Api.cuGraphExecDestroy, "cuGraphExecDestroy").invokeExact(exec), "cuGraphExecDestroy");
        } catch (Throwable t) {
            throw rethrow(t, "cuGraphExecDestroy");
        }
    }

    static void graphDestroy(MemorySegment graph) {
        try {
            check((int) need(Api.cuGraphDestroy, "cuGraphDestroy").invokeExact(graph), "cuGraphDestroy");
        } catch (Throwable t) {
            throw rethrow(t, "cuGraphDestroy");
        }
    }

    // ---------------------------------------------------------------------------------- modules, launches

    /**
     * Loads a PTX (NUL-terminated) or cubin image with {@code cuModuleLoadDataEx}, collecting the
     * JIT's error and info logs; the error log goes into the exception when loading fails.
     */
    static MemorySegment moduleLoadData(MemorySegment image, String what) {
        final int logBytes = 16 * 1024;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = arena.allocate(ADDRESS);
            MemorySegment errorLog = arena.allocate(logBytes);
            MemorySegment infoLog = arena.allocate(logBytes);
            MemorySegment options = arena.allocate(JAVA_INT, 4);
            MemorySegment values = arena.allocate(ADDRESS, 4);
            options.setAtIndex(JAVA_INT, 0, JIT_ERROR_LOG_BUFFER);
            options.setAtIndex(JAVA_INT, 1, JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
            options.setAtIndex(JAVA_INT, 2, JIT_INFO_LOG_BUFFER);
            options.setAtIndex(JAVA_INT, 3, JIT_INFO_LOG_BUFFER_SIZE_BYTES);
            values.setAtIndex(ADDRESS, 0, errorLog);
            values.setAtIndex(ADDRESS, 1, MemorySegment.ofAddress(logBytes)); // sizes travel in the pointer
            values.setAtIndex(ADDRESS, 2, infoLog);
            values.setAtIndex(ADDRESS, 3, MemorySegment.ofAddress(logBytes));
            int r = (int) need(Api.cuModuleLoadDataEx, "cuModuleLoadDataEx").invokeExact(module, image, 4, options, values);
            if (r != 0) {
                String log = errorLog.getString(0, StandardCharsets.UTF_8).strip();
                throw new CudaException("cuModuleLoadDataEx(" + what + ")", r, errorName(r),
                        errorString(r) + (log.isEmpty() ? "" : "; JIT log: " + log));
            }
            return module.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuModuleLoadDataEx");
        }
    }

    static void moduleUnload(MemorySegment module) {
        try {
            check((int) need(Api.cuModuleUnload, "cuModuleUnload").invokeExact(module), "cuModuleUnload");
        } catch (Throwable t) {
            throw rethrow(t, "cuModuleUnload");
        }
    }

    static MemorySegment moduleGetFunction(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ADDRESS);
            MemorySegment cname = arena.allocateFrom(name);
            check((int) need(Api.cuModuleGetFunction, "cuModuleGetFunction").invokeExact(v, module, cname),
                    "cuModuleGetFunction(" + name + ")");
            return v.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t, "cuModuleGetFunction");
        }
    }

    static void functionSetAttribute(MemorySegment function, int attribute, int value, String name) {
        try {
            check((int) need(Api.cuFuncSetAttribute, "cuFuncSetAttribute").invokeExact(function, attribute, value),
                    "cuFuncSetAttribute(" + name + ", " + attribute + ", " + value + ")");
        } catch (Throwable t) {
            throw rethrow(t, "cuFuncSetAttribute");
        }
    }

    /**
     * {@code cuLaunchKernel} with parameters passed through {@code kernelParams} (an array of
     * pointers to each argument's value).
     */
    static void launchKernel(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY,
            int blockZ, int sharedBytes, MemorySegment stream, MemorySegment kernelParams, String name) {
        int r;
        try {
            r = (int) need(Api.cuLaunchKernel, "cuLaunchKernel").invokeExact(function, gridX, gridY, gridZ, blockX,
                    blockY, blockZ, sharedBytes, stream, kernelParams, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t, "cuLaunchKernel");
        }
        if (r != 0) {
            check(r, "cuLaunchKernel(" + name + ", grid " + gridX + "x" + gridY + "x" + gridZ + ", block " + blockX
                    + ", shared " + sharedBytes + " bytes)");
        }
    }
}
