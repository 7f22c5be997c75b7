package dev.bitnet.engine.cuda;

/**
 * {@code CudaException} reports a CUDA driver call that returned a non-zero {@code CUresult}, or a
 * driver that cannot be used at all (library or symbol missing).
 *
 * <p>The message names the call and the error, e.g. {@code cuMemAlloc_v2(1073741824 bytes) failed:
 * CUDA_ERROR_OUT_OF_MEMORY (out of memory)}.
 *
 * @since 0.1
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code CUresult} of errors raised by this binding itself rather than by the driver. */
    public static final int NOT_A_DRIVER_ERROR = -1;

    private final String call;
    private final int result;
    private final String errorName;

    CudaException(String call, int result, String errorName, String errorText) {
        super(call + " failed: " + errorName + (errorText.isEmpty() ? "" : " (" + errorText + ")"));
        this.call = call;
        this.result = result;
        this.errorName = errorName;
    }

    CudaException(String call, String message, Throwable cause) {
        super(call + " failed: " + message, cause);
        this.call = call;
        this.result = NOT_A_DRIVER_ERROR;
        this.errorName = "BINDING_ERROR";
    }

    /** @return the driver call that failed, with its salient arguments, e.g. {@code cuInit} */
    public String call() {
        return call;
    }

    /** @return the {@code CUresult} code, or {@link #NOT_A_DRIVER_ERROR} */
    public int result() {
        return result;
    }

    /** @return the enum name the driver gives the code, e.g. {@code CUDA_ERROR_NO_DEVICE} */
    public String errorName() {
        return errorName;
    }
}
