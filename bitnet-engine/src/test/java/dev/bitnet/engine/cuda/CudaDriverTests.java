package dev.bitnet.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The driver binding on a real device: context, memory, errors, threading, both kernel images. */
@Tag("gpu")
@DisplayName("CUDA driver binding")
class CudaDriverTests {

    private static CudaContext ctx;

    @BeforeAll
    static void open() {
        if (CudaAvailability.probe().usable()) {
            ctx = CudaContext.open(0);
        }
    }

    @BeforeEach
    void requireGpu() {
        Gpu.assumeGpu(); // each test is then reported as skipped with the probe's reason
    }

    @AfterAll
    static void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    @DisplayName("reports the device's name, compute capability and memory")
    void reportsTheDevice() {
        assertThat(ctx.deviceName()).isNotBlank();
        assertThat(ctx.computeCapability()).isGreaterThanOrEqualTo(61);
        assertThat(ctx.multiprocessors()).isPositive();
        long[] info = ctx.memoryInfo();
        assertThat(info[0]).isPositive().isLessThanOrEqualTo(info[1]);
        assertThat(info[1]).isEqualTo(ctx.totalMemoryBytes());
    }

    @Test
    @DisplayName("copies bytes to the device and back unchanged, and tracks the allocation")
    void copiesBytesToTheDeviceAndBack() {
        byte[] data = new byte[3 * 1024 * 1024 + 5];
        new SplittableRandom(1).nextBytes(data);
        byte[] back = new byte[data.length];
        int before = ctx.allocationCount();
        ctx.run(() -> {
            long p = ctx.alloc(data.length);
            assertThat(ctx.allocatedBytes()).isGreaterThanOrEqualTo(data.length);
            ctx.upload(p, data, 0, data.length);
            ctx.download(back, 0, p, data.length);
            ctx.free(p);
        });
        assertThat(back).isEqualTo(data);
        assertThat(ctx.allocationCount()).isEqualTo(before);
    }

    @Test
    @DisplayName("a failing driver call throws naming the call and the driver's error name")
    void failingCallNamesCallAndError() {
        assertThatThrownBy(() -> ctx.run(() -> ctx.alloc(1L << 50)))
                .isInstanceOfSatisfying(CudaException.class, e -> {
                    assertThat(e.call()).startsWith("cuMemAlloc_v2(");
                    assertThat(e.errorName()).isEqualTo("CUDA_ERROR_OUT_OF_MEMORY");
                    assertThat(e).hasMessageContaining("cuMemAlloc_v2(1125899906842624 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY");
                });
        // the context stays usable after a non-sticky error
        ctx.run(() -> ctx.free(ctx.alloc(64)));
    }

    @Test
    @DisplayName("owner-only calls from another thread are refused")
    void ownerOnlyCallsFromAnotherThreadAreRefused() {
        assertThat(ctx.onOwnerThread()).isFalse();
        assertThatThrownBy(() -> ctx.alloc(64)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("owner thread");
        assertThat(ctx.call(ctx::onOwnerThread)).isTrue();
    }

    @Test
    @DisplayName("the PTX image is JIT-compiled by the driver as well as the cubin loads")
    void ptxImageLoadsThroughTheJit() {
        String previous = System.getProperty(CudaKernels.IMAGE_PROPERTY);
        System.setProperty(CudaKernels.IMAGE_PROPERTY, "ptx");
        try (CudaContext ptx = CudaContext.open(0)) {
            assertThat(ptx.kernels().image()).isEqualTo("compute_90 PTX (JIT)");
        } finally {
            if (previous == null) {
                System.clearProperty(CudaKernels.IMAGE_PROPERTY);
            } else {
                System.setProperty(CudaKernels.IMAGE_PROPERTY, previous);
            }
        }
        if (ctx.computeCapability() == 90) {
            assertThat(ctx.kernels().image()).isEqualTo("sm_90 cubin");
        }
    }

    @Test
    @DisplayName("events time GPU work")
    void eventsTimeGpuWork() {
        float ms = ctx.call(() -> {
            long bytes = 64L << 20;
            long a = ctx.alloc(bytes);
            long b = ctx.alloc(bytes);
            try {
                return ctx.timeMillis(() -> ctx.kernels().copy(a, b, bytes / 16));
            } finally {
                ctx.free(a);
                ctx.free(b);
            }
        });
        assertThat(ms).isPositive().isLessThan(1000f);
    }
}
