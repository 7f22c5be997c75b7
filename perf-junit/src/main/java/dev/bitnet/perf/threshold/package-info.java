/**
 * Stated performance thresholds and the record of how each required value was derived.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.threshold;
