package dev.bitnet.engine.cli;

import dev.bitnet.engine.kernel.KernelPool;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A plain streaming read of a set of memory segments (the model's weights) on {@code threads}
 * threads: the memory bandwidth the generation roofline is measured against. Reads with 256-bit
 * loads (on the machines of KERNEL-NOTES 512-bit loads stream more slowly) and sums the longs, so
 * the reads cannot be optimized away. Reading the weights themselves needs no extra memory, so
 * the peak RSS that {@code bench} reports is the engine's own.
 */
final class BandwidthProbe {

    private static final VectorSpecies<Long> L = LongVector.SPECIES_256;
    private static final long CHUNK_BYTES = 1 << 20;

    private final MemorySegment[] chunks;
    private final long totalBytes;
    private final long[] sums;
    private volatile long sink;

    BandwidthProbe(List<MemorySegment> segments, int threads) {
        List<MemorySegment> list = new ArrayList<>();
        long total = 0;
        for (MemorySegment s : segments) {
            long usable = s.byteSize() - s.byteSize() % L.vectorByteSize();
            for (long off = 0; off < usable; off += CHUNK_BYTES) {
                MemorySegment c = s.asSlice(off, Math.min(CHUNK_BYTES, usable - off));
                list.add(c);
                total += c.byteSize();
            }
        }
        this.chunks = list.toArray(MemorySegment[]::new);
        this.totalBytes = total;
        this.sums = new long[chunks.length];
    }

    long totalBytes() {
        return totalBytes;
    }

    /** @return bytes per second of the best of {@code passes} full reads */
    double measure(KernelPool pool, int passes) {
        double best = 0;
        for (int p = 0; p < passes; p++) {
            long t0 = System.nanoTime();
            pool.parallelFor(chunks.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    sums[i] = read(chunks[i]);
                }
            });
            long ns = System.nanoTime() - t0;
            long s = 0;
            for (long v : sums) {
                s += v;
            }
            sink = s;
            best = Math.max(best, totalBytes * 1e9 / ns);
        }
        return best;
    }

    private static long read(MemorySegment c) {
        LongVector acc = LongVector.zero(L);
        long n = c.byteSize();
        for (long off = 0; off < n; off += L.vectorByteSize()) {
            acc = acc.add(LongVector.fromMemorySegment(L, c, off, ByteOrder.nativeOrder()));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
