/**
 * Checks that turn summaries and thresholds into findings, and the verdict they add up to.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.verdict;
