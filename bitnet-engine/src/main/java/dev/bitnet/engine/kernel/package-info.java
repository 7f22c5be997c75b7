/**
 * Compute kernels of the engine: I2_S ternary × int8 matrix-vector and matrix-matrix products
 * (scalar reference and Vector API), the float row kernels of the token embedding and output
 * head, and the worker pool that runs them over output rows.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.kernel;
