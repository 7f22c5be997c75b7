/**
 * Performance assertions for ordinary JUnit Jupiter tests: {@link dev.bitnet.perf.PerformanceTest},
 * the {@link dev.bitnet.perf.Measure} region parameter and the threshold annotations.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf;
