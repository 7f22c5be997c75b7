/**
 * Benchmarks of perf-junit itself: main classes that print figures, never timed unit tests.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.bench;
