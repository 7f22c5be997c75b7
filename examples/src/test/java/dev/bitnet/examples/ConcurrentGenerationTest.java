package dev.bitnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitnet.engine.generate.GenerationConfig;
import dev.bitnet.engine.generate.GenerationResult;
import dev.bitnet.engine.generate.InferenceEngine;
import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.ThroughputAtLeast;
import dev.bitnet.perf.TokensPerSecondAtLeast;
import dev.bitnet.perf.threshold.StatedForReferenceMachine;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Example: {@code threads = 4} makes four callers share one engine in every iteration; perf-junit
 * reports the aggregate throughput (calls and tokens per second of wall time) and each call's
 * latency. Every caller's output is checked against a sequential reference computed beforehand,
 * so a throughput figure can never come from wrong answers.
 */
@ExtendWith(Engines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@StatedForReferenceMachine
@DisplayName("Concurrent generation")
class ConcurrentGenerationTest {
    private static final int NEW_TOKENS = 24;
    private static final List<String> PROMPTS = Prompts.batch(4);
    private List<GenerationResult> reference;

    @BeforeAll
    void sequentialReference(InferenceEngine engine) {
        reference = PROMPTS.stream().map(p -> engine.generate(p, config())).toList();
    }

    private static GenerationConfig config() {
        return GenerationConfig.greedy(NEW_TOKENS).withStopAtEos(false);
    }

    @PerformanceTest(warmup = 1, iterations = 5, threads = 4)
    @ThroughputAtLeast(0.2)
    @TokensPerSecondAtLeast(10)
    @DisplayName("4 callers on one engine")
    void fourCallersShareOneEngine(InferenceEngine engine, Measure measure) {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();

        measure.run(() -> {
            int caller = calls.getAndIncrement() % PROMPTS.size();
            GenerationResult result = engine.generate(PROMPTS.get(caller), config());
            if (!Arrays.equals(result.generatedTokenIds(), reference.get(caller).generatedTokenIds())) {
                mismatches.incrementAndGet();
            }
            return result;
        }, result -> result.generatedTokenIds().length);

        // Every round runs all callers; perf-junit may add rounds (adaptive sampling, re-measuring a
        // suspected regression), so the count is a multiple of the callers and at least the plan.
        assertThat(calls.get()).as("calls made by the callers, warm-up included")
                .isGreaterThanOrEqualTo(measure.threads() * (measure.warmup() + measure.iterations()))
                .isEqualTo(calls.get() / measure.threads() * measure.threads());
        assertThat(mismatches.get()).as("calls whose tokens differ from the sequential reference").isZero();
    }
}
