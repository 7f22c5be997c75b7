/**
 * Compute kernels of the engine: I2_S ternary × int8 matrix-vector and matrix-matrix products
 * (scalar reference and Vector API), the float row kernels of the token embedding and output
 * head, and the worker pool that runs them over output rows.
 *
 * <p>Typical use in a decode step: wrap each I2_S tensor once with
 * {@link dev.bitnet.engine.kernel.I2sMatrix#of} (and, for weights loaded into writable memory on a
 * CPU with 512-bit vectors, {@link dev.bitnet.engine.kernel.I2sMatrix#tileInPlace}); per token,
 * {@link dev.bitnet.engine.kernel.QuantizedVector#quantize} the normed activations, then run
 * {@link dev.bitnet.engine.kernel.KernelPool#matvec(I2sMatrix[], QuantizedVector, float[][], int[])}
 * for q/k/v together and for gate/up together, and
 * {@link dev.bitnet.engine.kernel.KernelPool#matvec(FloatRowMatrix, float[], int, float[], int)}
 * for the output head ({@link dev.bitnet.engine.kernel.FloatRowMatrix#f16} exact, or
 * {@link dev.bitnet.engine.kernel.Int8RowMatrix#quantize} opt-in). Prefill uses
 * {@link dev.bitnet.engine.kernel.KernelPool#matmul(I2sMatrix[], QuantizedVector[], int, float[][][])}.
 * {@link dev.bitnet.engine.kernel.KernelBenchmark} prints the speed of each on the current machine.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.kernel;
