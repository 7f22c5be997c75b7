package dev.bitnet.perf.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The fixed reference workload of the calibration: deterministic integer and floating-point
 * work on a 64 KiB array (it stays in the L2 cache of every current CPU, so the memory system
 * matters little), about 1.38 ms per round on the reference machine.
 *
 * <p>One round: 32 passes over 16 384 ints, each element updated with a xorshift step, a
 * multiply and a data-dependent add; then 131 072 steps of a floating-point recurrence with a
 * multiply-add, a division and a square root. Both parts are serial dependency chains, so the
 * round measures single-core integer and FP latency, which is what scales the single-threaded
 * tests perf-junit is mostly used for. The result is returned (and checked by the tests) so the
 * JIT cannot drop the work.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReferenceWorkload {
    static final int INTS = 16_384;
    static final int INT_PASSES = 32;
    static final int FLOAT_STEPS = 131_072;

    private ReferenceWorkload() {}

    /** Runs one round and returns its checksum (always the same value). */
    public static long round() {
        int[] data = new int[INTS];
        int x = 0x9E3779B9;
        for (int i = 0; i < INTS; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            data[i] = x;
        }
        long sum = 0;
        for (int pass = 0; pass < INT_PASSES; pass++) {
            for (int i = 0; i < INTS; i++) {
                int v = data[i];
                v ^= v << 13;
                v ^= v >>> 17;
                v ^= v << 5;
                v = v * 0x2545F491 + data[(i + (v & 15)) & (INTS - 1)];
                data[i] = v;
                sum += v;
            }
        }
        double y = 0.5;
        double acc = 0;
        for (int i = 0; i < FLOAT_STEPS; i++) {
            y = y * 3.9 * (1.0 - y); // logistic map, stays in (0, 1)
            acc += Math.sqrt(y + 1.0) / (1.0 + y * y);
        }
        return sum ^ Double.doubleToLongBits(acc);
    }
}
