/**
 * Performance assertions for ordinary JUnit Jupiter tests: {@link dev.bitnet.perf.PerformanceTest},
 * {@link dev.bitnet.perf.Performance}, the {@link dev.bitnet.perf.Measure} region parameter and the
 * threshold annotations.
 *
 * <h2>In thirty seconds</h2>
 *
 * <pre>{@code
 * class SortingTests {
 *
 *     @PerformanceTest(warmup = 2, iterations = 10)          // a @Test: the whole body is timed
 *     @LatencyAtMost(5)                                       // median latency_ms <= 5 ms
 *     @AllocationAtMost(1_000_000)                            // median bytes allocated per call
 *     void sortsTenThousandInts() {
 *         Arrays.sort(new SplittableRandom(1).ints(10_000).toArray());
 *     }
 *
 *     @ParameterizedTest(name = "batch={0}, seq={1}")
 *     @CsvSource({"1, 64", "4, 256"})
 *     @Performance(warmup = 1, iterations = 5, threads = 2)   // each invocation: own samples and verdict
 *     @TokensPerSecondAtLeast(50)
 *     @LatencyAtMost(value = 200, statistic = Statistic.PERCENTILE, percentile = 99)
 *     void decodes(int batch, int seq, Measure measure) {
 *         Engine engine = Engine.load(model);                 // set-up: not timed
 *         measure.run(() -> engine.decode(batch, seq), Result::tokenCount);
 *     }
 * }
 * }</pre>
 *
 * <p>Settings: class-level {@code @PerformanceTest}/{@code @Performance} give defaults (and make
 * every test of the class a performance test), method-level attributes override them, and the
 * configuration parameters {@code perf.warmup}, {@code perf.iterations}, {@code perf.threads},
 * {@code perf.timeout} override both for a run; {@code perf.enabled=false} skips every performance
 * test with a reason. Every test writes a JSON record under {@code target/perf-junit/records/}
 * ({@code perf.records.dir}; schema in {@code perf-junit/RECORD-SCHEMA.md}) and publishes its key
 * figures as report entries ({@code perf.<metric>.mean}, {@code .median}, {@code .p95},
 * {@code .ci.low}, {@code .ci.high}, {@code .ci.level}, {@code .samples}, {@code .unit},
 * {@code .verdict}), also printed to standard output for Surefire's XML.
 *
 * <p>Architecture: annotations are read by the thin JUnit shell ({@code dev.bitnet.perf.junit})
 * into a {@code plan.Plan}; the {@code sample.Runner} produces {@code sample.Samples}; the
 * {@code pipeline.Pipeline} summarizes them ({@code stats}), derives thresholds ({@code threshold},
 * pluggable {@code ThresholdDeriver}), runs its {@code verdict.Check}s and returns a
 * {@code verdict.Verdict}; the shell writes the {@code record.PerfRecord} and turns a failed
 * verdict into an {@code AssertionError}. Extensions plug in through
 * {@code pipeline.PipelineCustomizer} (service loader).
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf;
