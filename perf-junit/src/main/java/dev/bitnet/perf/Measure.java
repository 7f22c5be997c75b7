package dev.bitnet.perf;

import java.util.function.ToLongFunction;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code Measure} times a region of a performance test: declare it as a test method parameter and
 * hand it the code to time. Everything else in the method (set-up, assertions on the result) stays
 * untimed, and the method itself runs once.
 *
 * <pre>{@code
 * @PerformanceTest(warmup = 2, iterations = 10)
 * @TokensPerSecondAtLeast(50)
 * void generates(Measure measure) {
 *     Engine engine = Engine.load(model);                               // untimed
 *     Result last = measure.run(() -> engine.generate(prompt, 64), Result::tokenCount);
 *     assertThat(last.text()).isNotEmpty();                             // untimed
 * }
 * }</pre>
 *
 * <p>{@code run(..)} runs the region {@code warmup + iterations} times (times {@code threads}
 * concurrent callers) and records one sample per measured iteration. Call exactly one
 * {@code run(..)} per test (or per {@code @ParameterizedTest} invocation): a {@code Measure}
 * parameter that is never run is a configuration error. With {@code @ParameterizedTest}, declare
 * {@code Measure} after the parameters that the arguments fill.
 *
 * <p>When the region throws, {@code run(..)} rethrows that exception (with a suppressed note naming
 * the iteration); when the test's timeout passes it throws a
 * {@code dev.bitnet.perf.sample.PerformanceTimeoutException}. Do not catch either.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Measure {

    /** Code to time that returns nothing. */
    @FunctionalInterface
    interface Region {
        void run() throws Throwable;
    }

    /** Code to time that produces a value, e.g. a generation result. */
    @FunctionalInterface
    interface Producer<T extends @Nullable Object> {
        T produce() throws Throwable;
    }

    /** Times {@code region}. */
    void run(Region region);

    /**
     * Times {@code producer}.
     *
     * @return the value produced by the last measured call (on the test's own thread when several
     *     threads call)
     */
    <T extends @Nullable Object> T run(Producer<T> producer);

    /**
     * Times {@code producer} and records, after each call and outside the timing, the tokens that
     * {@code tokensOf} counts in its result; tokens per second then become a metric.
     *
     * @return the value produced by the last measured call (on the test's own thread)
     */
    <T extends @Nullable Object> T run(Producer<T> producer, ToLongFunction<? super T> tokensOf);

    /**
     * Records {@code count} tokens produced by the current call. Call it inside the region, on the
     * thread that runs it; several calls add up.
     *
     * @param count zero or more
     * @throws IllegalStateException when called outside a region
     */
    void tokens(long count);

    /** Warm-up iterations this test runs (resolved from annotations and configuration). */
    int warmup();

    /** Measured iterations this test runs. */
    int iterations();

    /** Concurrent callers per iteration. */
    int threads();
}
