package dev.bitnet.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("KernelPool")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KernelPoolTests {

    @ParameterizedTest(name = "{0} threads, spin {1} ns")
    @CsvSource({"1, 0", "2, 0", "2, 50000", "3, 0", "4, 20000"})
    @DisplayName("parallelFor covers every index exactly once, over many back-to-back sections")
    void coversEveryIndexOnce(int threads, long spin) {
        try (KernelPool pool = new KernelPool(threads, VectorTernaryKernel.INSTANCE, spin)) {
            for (int section = 0; section < 2000; section++) {
                int n = section % 37;
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                pool.parallelFor(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(hits.get(i)).as("section %d index %d", section, i).isEqualTo(1);
                }
            }
        }
    }

    @ParameterizedTest(name = "spin {0} ns")
    @CsvSource({"0", "20000"})
    @DisplayName("a worker that wakes late never runs a chunk of a newer section: 50 000 sections of changing size")
    void lateWorkersNeverMixSections(long spin) {
        // Sizes alternate so that an old section's chunk boundaries applied to a new section would
        // run some index twice or not at all (a bug an earlier version had, seen after ~40 000 sections).
        try (KernelPool pool = new KernelPool(2, VectorTernaryKernel.INSTANCE, spin)) {
            for (int section = 0; section < 50_000; section++) {
                int n = 2 + section % 11;
                int[] hits = new int[n];
                AtomicIntegerArray atomicHits = new AtomicIntegerArray(n);
                pool.parallelFor(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        atomicHits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    hits[i] = atomicHits.get(i);
                }
                int section0 = section;
                assertThat(hits).as("section %d", section0).containsOnly(1);
            }
        }
    }

    @Test
    @DisplayName("a failure in a worker's share reaches the caller, and the pool keeps working")
    void propagatesWorkerFailure() {
        try (KernelPool pool = new KernelPool(2, VectorTernaryKernel.INSTANCE, 0)) {
            java.util.concurrent.atomic.AtomicBoolean workerRan = new java.util.concurrent.atomic.AtomicBoolean();
            assertThatThrownBy(() -> pool.parallelFor(10, (from, to) -> {
                if (Thread.currentThread().getName().startsWith("bitnet-kernel-")) {
                    workerRan.set(true);
                    throw new IllegalStateException("boom in a worker");
                }
                // the caller holds on to its chunk until the worker has claimed one
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!workerRan.get() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom in a worker");
            int[] seen = new int[1];
            pool.parallelFor(1, (from, to) -> seen[0] += to - from);
            assertThat(seen[0]).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("rejects a closed pool, bad thread counts and mismatched outputs")
    void rejectsMisuse() {
        assertThatThrownBy(() -> new KernelPool(0)).hasMessage("threads must be at least 1: 0");
        KernelPool pool = new KernelPool(2);
        pool.close();
        assertThatThrownBy(() -> pool.parallelFor(4, (from, to) -> {})).hasMessage("Illegal state: kernel pool is closed");
        try (KernelPool open = new KernelPool(1)) {
            I2sMatrix w = new I2sMatrix(java.lang.foreign.MemorySegment.ofArray(new byte[32]), 1, 128, 1f);
            assertThatThrownBy(() -> open.matvec(w, new QuantizedVector(256), new float[1], 0))
                    .hasMessage("activation length must equal the matrix's K [128] but was: 256");
            assertThatThrownBy(() -> open.matvec(w, new QuantizedVector(128), new float[1], 1))
                    .hasMessage("output of length 1 has no room for 1 rows at offset 1");
        }
    }
}
