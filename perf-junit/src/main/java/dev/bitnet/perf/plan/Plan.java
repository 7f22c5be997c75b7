package dev.bitnet.perf.plan;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The resolved configuration of one performance test (or one invocation of a parameterized one):
 * who it is, how it is timed, and how often. Built by the JUnit shell from annotations and
 * configuration parameters; consumed by the {@code Runner} and written into the run record.
 *
 * <p>Invariants: {@code warmup >= 0}, {@code iterations >= 1}, {@code threads >= 1}, a timeout is
 * absent or positive. User input is validated (with configuration-error messages) before a plan is
 * built; these checks only guard against programmer errors.
 *
 * @param testId the JUnit unique id of the test or invocation; unique within a run
 * @param displayName the display name, e.g. {@code [2] batch=4, seq=64}
 * @param className fully qualified name of the test class
 * @param methodName test method name with parameter types, e.g. {@code sorts(int, Measure)}
 * @param mode whole method or region
 * @param warmup warm-up iterations, run and never counted
 * @param iterations measured iterations
 * @param threads concurrent callers per iteration
 * @param timeout limit for the whole test (warm-up and measurement), or {@code null} for none
 * @param settingSources for each setting ({@code warmup}, {@code iterations}, {@code threads},
 *     {@code timeout}), where its value came from, e.g. {@code @PerformanceTest on method [x()]}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Plan(
        String testId,
        String displayName,
        String className,
        String methodName,
        Mode mode,
        int warmup,
        int iterations,
        int threads,
        @Nullable Duration timeout,
        Map<String, String> settingSources) {

    public Plan {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must not be negative: " + warmup);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be 1 or more: " + iterations);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more: " + threads);
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        settingSources = Map.copyOf(new TreeMap<>(settingSources));
    }

    /** A short name for messages: {@code methodName} plus the display name when they differ. */
    public String testName() {
        String simple = methodName.contains("(") ? methodName : methodName + "()";
        return displayName.equals(simple) ? simple : simple + " " + displayName;
    }
}
