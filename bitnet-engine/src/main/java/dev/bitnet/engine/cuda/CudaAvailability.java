package dev.bitnet.engine.cuda;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code CudaAvailability} encapsulates whether this JVM can run the CUDA backend and, if not, why.
 *
 * <p>No GPU is a normal state, not an error: {@link #probe()} never throws. It checks, in order,
 * that the driver library loads ({@code libcuda.so.1}), that {@code cuInit} succeeds, that a device
 * exists, that it can run {@code dp4a} (compute capability 6.1 or newer), and that the kernel
 * module loads (the cubin, or the PTX through the driver's JIT, which fails on a driver older
 * than the PTX). The first failure becomes {@link #reason()}.
 *
 * @param usable            whether the backend can run
 * @param reason            why not, or {@code "usable"}; never {@code null}
 * @param deviceName        the device's name, or empty
 * @param computeCapability major·10 + minor, or 0
 * @param totalMemoryBytes  device memory, or 0
 * @param driverVersion     {@code cuDriverGetVersion}, e.g. 13000, or 0
 * @param image             the kernel image that loaded, e.g. {@code sm_90 cubin}, or empty
 * @since 0.1
 */
public record CudaAvailability(boolean usable, String reason, String deviceName, int computeCapability,
        long totalMemoryBytes, int driverVersion, String image) {

    /** System property selecting the device ordinal (default 0). */
    public static final String DEVICE_PROPERTY = "bitnet.cuda.device";

    private static volatile @Nullable CudaAvailability cached;

    /** @return the probe's result, computed once per JVM */
    public static CudaAvailability probe() {
        CudaAvailability a = cached;
        if (a == null) {
            synchronized (CudaAvailability.class) {
                a = cached;
                if (a == null) {
                    a = probeNow(Integer.getInteger(DEVICE_PROPERTY, 0));
                    cached = a;
                }
            }
        }
        return a;
    }

    /** @return the probe's result for device {@code ordinal}, computed afresh */
    static CudaAvailability probeNow(int ordinal) {
        try {
            Optional<String> library = CudaDriver.libraryProblem();
            if (library.isPresent()) {
                return unusable(library.get(), "", 0, 0, 0);
            }
            try {
                CudaDriver.init();
            } catch (CudaException e) {
                return unusable("cuInit failed: " + e.errorName() + " (" + CudaDriver.errorString(e.result())
                        + "); no usable NVIDIA driver or device", "", 0, 0, 0);
            }
            int driver = CudaDriver.driverVersion();
            int count = CudaDriver.deviceCount();
            if (count == 0) {
                return unusable("no CUDA device found (cuDeviceGetCount = 0)", "", 0, 0, driver);
            }
            if (ordinal < 0 || ordinal >= count) {
                return unusable("device ordinal " + ordinal + " (system property " + DEVICE_PROPERTY
                        + ") must be within [0, " + count + ")", "", 0, 0, driver);
            }
            int device = CudaDriver.device(ordinal);
            String name = CudaDriver.deviceName(device);
            int cc = CudaDriver.deviceAttribute(device, CudaDriver.ATTR_COMPUTE_CAPABILITY_MAJOR) * 10
                    + CudaDriver.deviceAttribute(device, CudaDriver.ATTR_COMPUTE_CAPABILITY_MINOR);
            long memory = CudaDriver.deviceTotalMemory(device);
            if (cc < 61) {
                return unusable(String.format(Locale.ROOT,
                        "device %s has compute capability %d.%d; the kernels need 6.1 or newer (dp4a)", name, cc / 10,
                        cc % 10), name, cc, memory, driver);
            }
            String image;
            try (CudaContext ctx = CudaContext.open(ordinal)) {
                image = ctx.kernels().image();
            } catch (CudaException e) {
                return unusable("the kernel module does not load on " + name + ": " + e.getMessage()
                        + " (is the driver older than the PTX, ISA 9.0 / CUDA 13.0?)", name, cc, memory, driver);
            }
            return new CudaAvailability(true, "usable", name, cc, memory, driver, image);
        } catch (RuntimeException | LinkageError e) {
            return unusable("CUDA probe failed: " + e, "", 0, 0, 0);
        }
    }

    private static CudaAvailability unusable(String reason, String name, int cc, long memory, int driver) {
        return new CudaAvailability(false, reason, name, cc, memory, driver, "");
    }

    /** @return the reason when not usable, empty when usable */
    public Optional<String> unavailableReason() {
        return usable ? Optional.empty() : Optional.of(reason);
    }

    @Override
    public String toString() {
        if (!usable) {
            return "CUDA unavailable: " + reason;
        }
        return String.format(Locale.ROOT, "CUDA usable: %s (sm_%d, %.1f GiB, driver %d.%d, %s)", deviceName,
                computeCapability, totalMemoryBytes / (double) (1L << 30), driverVersion / 1000,
                (driverVersion % 1000) / 10, image);
    }
}
