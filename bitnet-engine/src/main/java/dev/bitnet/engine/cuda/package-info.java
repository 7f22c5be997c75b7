/**
 * BitNet inference on NVIDIA GPUs: a hand-written Panama FFM binding to the CUDA driver
 * ({@code libcuda.so.1}), CUDA C kernels shipped as PTX and sm_90 cubin resources, and a
 * {@link dev.bitnet.engine.model.ModelRunner} that keeps a whole forward pass on the device.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.cuda;
