package dev.bitnet.engine.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test support: skips a GPU test, with the probe's reason, where no usable GPU exists. */
final class Gpu {
    private Gpu() {}

    /** Aborts the calling test (skipped, never failed) unless the CUDA backend is usable. */
    static CudaAvailability assumeGpu() {
        CudaAvailability a = CudaAvailability.probe();
        assumeTrue(a.usable(), () -> "no usable GPU: " + a.reason());
        return a;
    }
}
