/**
 * Quantization formats of BitNet models: absmean ternarisation, bitnet.cpp's I2_S packing, per-token
 * int8 activations, and F16/Q8_0/Q6_K row dequantization.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.quant;
