/**
 * Text generation on top of a {@link dev.bitnet.engine.model.ModelRunner}: prompts, sampling,
 * stop conditions, streaming, timings and batches.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.generate;
