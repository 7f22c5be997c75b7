/**
 * Deterministic synthetic BitNet b1.58 models (tiny, small, 2B4T-shaped) written as I2_S GGUF files
 * through the real {@link dev.bitnet.engine.gguf.GgufWriter}.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.synth;
