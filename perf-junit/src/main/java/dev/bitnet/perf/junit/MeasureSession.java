package dev.bitnet.perf.junit;

import dev.bitnet.perf.Measure;
import dev.bitnet.perf.baseline.ExtraRounds;
import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.sample.CallSample;
import dev.bitnet.perf.sample.MeasuredCodeException;
import dev.bitnet.perf.sample.PerformanceTimeoutException;
import dev.bitnet.perf.sample.Runner;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.sample.Workload;
import dev.bitnet.perf.verdict.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Measure} handed to one test (or one parameterized invocation). It lives in that
 * test's extension-context store, so parallel tests never share one. The extension
 * {@linkplain #prepare prepares} it with the test's plan before the method runs and reads the
 * outcome afterwards.
 *
 * @since 0.1
 */
final class MeasureSession implements Measure {

    /** Per calling thread: [0] tokens of the current call (or UNKNOWN), [1] 1 while inside the region. */
    private final ThreadLocal<long[]> counters = ThreadLocal.withInitial(() -> new long[] {CallSample.UNKNOWN, 0});

    private @Nullable Plan plan;
    private @Nullable Runner runner;
    private @Nullable Thread testThread;
    private volatile boolean used;
    private volatile @Nullable Instant startedAt;
    private volatile dev.bitnet.perf.env.@Nullable CpuTimes cpuAtStart;
    private volatile dev.bitnet.perf.env.@Nullable CpuTimes cpuAtEnd;
    private volatile @Nullable Samples samples;
    private volatile @Nullable Throwable failure;
    private volatile @Nullable Object lastResult;
    private List<Check> checks = List.of();
    private Function<String, Optional<String>> configuration = key -> Optional.empty();

    private @Nullable Resilience resilience;
    private dev.bitnet.perf.diagnosis.RetryPolicy retryPolicy = dev.bitnet.perf.diagnosis.RetryPolicy.NONE;
    private java.util.List<dev.bitnet.perf.diagnosis.Retry> retries = new java.util.ArrayList<>();

    void prepare(Plan plan, Runner runner) {
        prepare(plan, runner, List.of(), key -> Optional.empty());
    }

    /** With the pipeline's checks and the test's configuration parameters, for perf-baseline's extra rounds. */
    void prepare(Plan plan, Runner runner, List<Check> checks, Function<String, Optional<String>> configuration) {
        this.plan = plan;
        this.runner = runner;
        this.testThread = Thread.currentThread();
        this.checks = checks;
        this.configuration = configuration;
    }

    /**
     * Prepares the session with the run's resilience (retries of declared transient failures and
     * progress lines), the pipeline's checks and the test's configuration parameters.
     */
    void prepare(Plan plan, Runner runner, Resilience resilience, dev.bitnet.perf.diagnosis.RetryPolicy retryPolicy,
            java.util.List<dev.bitnet.perf.diagnosis.Retry> retries, List<Check> checks,
            Function<String, Optional<String>> configuration) {
        prepare(plan, runner, checks, configuration);
        this.resilience = resilience;
        this.retryPolicy = retryPolicy;
        this.retries = retries;
    }

    boolean used() {
        return used;
    }

    /** The CPU counters before the first measured round, {@code null} before the region ran. */
    dev.bitnet.perf.env.@Nullable CpuTimes cpuAtStart() {
        return cpuAtStart;
    }

    /** The CPU counters after the last measured round, {@code null} unless the region's rounds all ran. */
    dev.bitnet.perf.env.@Nullable CpuTimes cpuAtEnd() {
        return cpuAtEnd;
    }

    @Nullable Instant startedAt() {
        return startedAt;
    }

    @Nullable Samples samples() {
        return samples;
    }

    /** What stopped the measurement ({@link MeasuredCodeException}, timeout...), or {@code null}. */
    @Nullable Throwable failure() {
        return failure;
    }

    @Override
    public void run(Region region) {
        measure(new Workload() {
            @Override
            public @Nullable Object call() throws Throwable {
                long[] counter = enter();
                try {
                    region.run();
                } finally {
                    counter[1] = 0;
                }
                return null;
            }

            @Override
            public long tokensProduced(@Nullable Object result) {
                return counters.get()[0];
            }
        });
    }

    @Override
    public <T extends @Nullable Object> T run(Producer<T> producer) {
        return measureProducer(producer, null);
    }

    @Override
    public <T extends @Nullable Object> T run(Producer<T> producer, ToLongFunction<? super T> tokensOf) {
        return measureProducer(producer, tokensOf);
    }

    private <T extends @Nullable Object> T measureProducer(
            Producer<T> producer, @Nullable ToLongFunction<? super T> tokensOf) {
        measure(new Workload() {
            @Override
            public @Nullable Object call() throws Throwable {
                long[] counter = enter();
                try {
                    return producer.produce();
                } finally {
                    counter[1] = 0;
                }
            }

            @Override
            @SuppressWarnings("unchecked")
            public long tokensProduced(@Nullable Object result) {
                if (Thread.currentThread() == testThread) {
                    lastResult = result;
                }
                long recorded = counters.get()[0];
                if (tokensOf == null) {
                    return recorded;
                }
                long counted = tokensOf.applyAsLong((T) result);
                if (counted < 0) {
                    throw new IllegalArgumentException("token count must not be negative: " + counted);
                }
                return recorded == CallSample.UNKNOWN ? counted : recorded + counted;
            }
        });
        @SuppressWarnings("unchecked")
        T result = (T) lastResult;
        return result;
    }

    @Override
    public void tokens(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("token count must not be negative: " + count);
        }
        long[] counter = counters.get();
        if (counter[1] == 0) {
            throw new IllegalStateException("Measure.tokens(..) must be called inside the region passed to Measure.run(..)");
        }
        counter[0] = counter[0] == CallSample.UNKNOWN ? count : counter[0] + count;
    }

    @Override
    public int warmup() {
        return requirePlan().warmup();
    }

    @Override
    public int iterations() {
        return requirePlan().iterations();
    }

    @Override
    public int threads() {
        return requirePlan().threads();
    }

    private long[] enter() {
        long[] counter = counters.get();
        counter[0] = CallSample.UNKNOWN;
        counter[1] = 1;
        return counter;
    }

    private void measure(Workload workload) {
        Plan plan = requirePlan();
        Runner runner = this.runner;
        if (runner == null || Thread.currentThread() != testThread) {
            throw new IllegalStateException("Measure.run(..) must be called by the test method itself, on its thread");
        }
        if (used) {
            throw Preconditions.error("Configuration error: performance test [" + plan.methodName()
                    + "] called Measure.run(..) a second time; time one region per test, or split the test.");
        }
        used = true;
        startedAt = Instant.now();
        try {
            Resilience resilience = this.resilience;
            cpuAtStart = dev.bitnet.perf.env.CpuTimes.now();
            long firstRoundStart = System.nanoTime();
            Samples first = resilience == null
                    ? runner.run(plan, workload)
                    : resilience.run(runner, plan, workload, retryPolicy, retries);
            // perf-baseline: adaptive sampling and re-measurement, while the region can still run
            samples = ExtraRounds.afterFirstRound(checks, plan, first, Duration.ofNanos(System.nanoTime() - firstRoundStart),
                    more -> resilience == null
                            ? runner.run(more, workload)
                            : resilience.run(runner, more, workload, retryPolicy, retries),
                    configuration);
            cpuAtEnd = dev.bitnet.perf.env.CpuTimes.now();
        } catch (MeasuredCodeException e) {
            failure = e;
            Throwable original = e.getCause() == null ? e : e.getCause();
            original.addSuppressed(new IterationNote(e.getMessage()));
            throw Sneaky.rethrow(original);
        } catch (PerformanceTimeoutException e) {
            failure = e;
            throw Sneaky.rethrow(e);
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
            throw Sneaky.rethrow(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            failure = e;
            throw Sneaky.rethrow(e);
        } finally {
            counters.remove();
        }
    }

    private Plan requirePlan() {
        Plan plan = this.plan;
        if (plan == null) {
            throw new IllegalStateException("Measure used outside a performance test");
        }
        return plan;
    }
}
