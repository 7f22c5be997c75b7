/**
 * The pure evaluation pipeline (samples to summaries, thresholds, checks and verdict) and its extension points.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.pipeline;
