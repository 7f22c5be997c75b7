package dev.bitnet.perf.pipeline;

import dev.bitnet.perf.plan.Plan;
import dev.bitnet.perf.record.RecordListener;
import dev.bitnet.perf.sample.Samples;
import dev.bitnet.perf.threshold.DerivationContext;
import dev.bitnet.perf.threshold.Threshold;
import dev.bitnet.perf.threshold.ThresholdDeriver;
import dev.bitnet.perf.verdict.Check;
import dev.bitnet.perf.verdict.Evidence;
import dev.bitnet.perf.verdict.Finding;
import dev.bitnet.perf.verdict.ThresholdCheck;
import dev.bitnet.perf.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * The pure evaluation pipeline of perf-junit: samples → summaries → derived thresholds → checks →
 * verdict. It holds the extension points (a {@link ThresholdDeriver}, a list of {@link Check}s, an
 * environment supplier and {@link RecordListener}s) and nothing else; it is immutable and
 * thread-safe if its parts are.
 *
 * <p>{@link #standard()} is what the JUnit extension uses: {@link #defaults()} adapted by every
 * {@link PipelineCustomizer} on the class path.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Pipeline {

    private final ThresholdDeriver deriver;
    private final List<Check> checks;
    private final Map<String, Object> environment;
    private final List<RecordListener> recordListeners;

    private Pipeline(Builder builder) {
        this.deriver = builder.deriver;
        this.checks = List.copyOf(builder.checks);
        this.environment = Map.copyOf(builder.environment.get());
        this.recordListeners = List.copyOf(builder.recordListeners);
    }

    /** An empty builder: thresholds as stated, no checks, an empty environment, no listeners. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with the defaults: {@link ThresholdCheck}, thresholds as stated, {@link EnvironmentSummary}. */
    public static Builder defaults() {
        return builder().check(new ThresholdCheck()).environment(EnvironmentSummary::current);
    }

    /** {@link #defaults()} adapted by every {@link PipelineCustomizer} found by {@link ServiceLoader}. */
    public static Pipeline standard() {
        Builder builder = defaults();
        List<PipelineCustomizer> customizers = new ArrayList<>();
        ServiceLoader.load(PipelineCustomizer.class, Pipeline.class.getClassLoader()).forEach(customizers::add);
        customizers.sort(Comparator.comparingInt(PipelineCustomizer::order));
        customizers.forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * Summarizes {@code samples}, derives {@code stated} thresholds and runs every check.
     */
    public Evaluation evaluate(Plan plan, Samples samples, List<Threshold> stated) {
        return evaluate(plan, samples, stated, Map.of());
    }

    /**
     * As {@link #evaluate(Plan, Samples, List)}, with facts of this test's run (such as
     * {@link dev.bitnet.perf.env.OtherProcessLoad}) added to the environment summary the checks see;
     * they replace pipeline entries of the same key.
     *
     * @since 0.1
     */
    public Evaluation evaluate(Plan plan, Samples samples, List<Threshold> stated, Map<String, Object> duringTest) {
        Map<String, Object> environment = this.environment;
        if (!duringTest.isEmpty()) {
            Map<String, Object> merged = new java.util.LinkedHashMap<>(this.environment);
            merged.putAll(duringTest);
            environment = merged;
        }
        DerivationContext context =
                new DerivationContext(plan.testId(), plan.className(), plan.methodName(), environment);
        List<Threshold> derived = new ArrayList<>(stated.size());
        for (Threshold threshold : stated) {
            derived.add(deriver.derive(threshold, context));
        }
        Evidence evidence = Evidence.of(plan, samples, derived, environment);
        List<Finding> findings = new ArrayList<>();
        for (Check check : checks) {
            findings.addAll(check.evaluate(evidence));
        }
        return new Evaluation(evidence, Verdict.of(findings));
    }

    public ThresholdDeriver deriver() {
        return deriver;
    }

    public List<Check> checks() {
        return checks;
    }

    /** The environment summary, read once when the pipeline was built. */
    public Map<String, Object> environment() {
        return environment;
    }

    public List<RecordListener> recordListeners() {
        return recordListeners;
    }

    /**
     * Assembles a {@link Pipeline}. Not thread-safe.
     *
     * @since 0.1
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private ThresholdDeriver deriver = ThresholdDeriver.AS_STATED;
        private final List<Check> checks = new ArrayList<>();
        private Supplier<? extends Map<String, Object>> environment = Map::of;
        private final List<RecordListener> recordListeners = new ArrayList<>();

        private Builder() {}

        /** Replaces the deriver. */
        public Builder deriver(ThresholdDeriver deriver) {
            this.deriver = deriver;
            return this;
        }

        /** Applies {@code next} after the current deriver. */
        public Builder andThenDerive(ThresholdDeriver next) {
            this.deriver = deriver.andThen(next);
            return this;
        }

        /** Adds a check after the present ones. */
        public Builder check(Check check) {
            checks.add(check);
            return this;
        }

        /** The checks so far, modifiable (to remove or reorder one). */
        public List<Check> checks() {
            return checks;
        }

        /** Replaces the environment supplier; it is called once, by {@link #build()}. */
        public Builder environment(Supplier<? extends Map<String, Object>> environment) {
            this.environment = environment;
            return this;
        }

        public Builder recordListener(RecordListener listener) {
            recordListeners.add(listener);
            return this;
        }

        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
