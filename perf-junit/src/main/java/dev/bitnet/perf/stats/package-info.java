/**
 * Descriptive statistics of a sample: mean, median, spread, percentiles and confidence intervals.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.stats;
