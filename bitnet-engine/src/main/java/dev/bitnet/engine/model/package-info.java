/**
 * The BitNet transformer: configuration read from GGUF metadata, validated weights, and the
 * backend-neutral {@link dev.bitnet.engine.model.ModelRunner} with its CPU implementation.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.model;
