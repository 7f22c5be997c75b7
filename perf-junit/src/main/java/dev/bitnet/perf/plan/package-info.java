/**
 * The resolved configuration of one performance test: warm-up, iterations, threads and timeout.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.plan;
