package dev.bitnet.perf.threshold;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.calibration.Calibration;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.sample.Metric;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * {@code EnvironmentThresholdDeriver} derives stated thresholds for this environment, in two
 * steps, each recorded in the threshold's derivation chain:
 * <ol>
 *   <li>for tests marked {@link StatedForReferenceMachine @StatedForReferenceMachine} (or every
 *       test with {@code perf.threshold.calibrate=true}): the calibration factor, applied to speed
 *       metrics as that annotation describes;</li>
 *   <li>the first matching entry of the {@linkplain ThresholdOverrides overrides file}.</li>
 * </ol>
 * Thread-safe: the calibration is measured at most once (lazily, the first time a test needs it).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EnvironmentThresholdDeriver implements ThresholdDeriver {
    public static final String CALIBRATE_KEY = "perf.threshold.calibrate";

    private final EnvironmentFingerprint fingerprint;
    private final Supplier<Calibration> calibration;
    private final ThresholdOverrides overrides;
    private final boolean calibrateAll;

    public EnvironmentThresholdDeriver(EnvironmentFingerprint fingerprint, Supplier<Calibration> calibration,
            ThresholdOverrides overrides, boolean calibrateAll) {
        this.fingerprint = fingerprint;
        this.calibration = calibration;
        this.overrides = overrides;
        this.calibrateAll = calibrateAll;
    }

    @Override
    public Threshold derive(Threshold stated, DerivationContext context) {
        Threshold derived = stated;
        if (calibrateAll || markedForReferenceMachine(context.className(), context.methodName())) {
            derived = calibrate(derived, calibration.get());
        }
        Optional<ThresholdOverride> override = overrides.find(derived, context.testId(), context.className(),
                context.methodName(), fingerprint);
        if (override.isPresent()) {
            derived = override.get().apply(derived);
        }
        return derived;
    }

    /** Scales a speed threshold by the calibration factor; other metrics are returned unchanged. */
    public static Threshold calibrate(Threshold threshold, Calibration calibration) {
        Metric metric = threshold.metric();
        String description = String.format(Locale.ROOT, "calibration: this machine runs the reference workload at %.3f × the"
                + " reference machine's speed (%s)", calibration.factor(), calibration.describe());
        switch (metric) {
            case TOKENS_PER_SECOND:
            case THROUGHPUT_OPS:
                return threshold.scaled(description, calibration.factor());
            case LATENCY_MS:
            case CPU_TIME_MS:
                return threshold.scaled(description, 1.0 / calibration.factor());
            default:
                return threshold;
        }
    }

    /**
     * Whether the test class (or an enclosing class) or the test method carries
     * {@code @StatedForReferenceMachine}, directly or as a meta-annotation. The method is found by
     * name and simple parameter type names, as {@code methodName} spells them.
     */
    static boolean markedForReferenceMachine(String className, String methodName) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, false, loader != null ? loader : EnvironmentThresholdDeriver.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (annotated(c)) {
                return true;
            }
        }
        String name = methodName.contains("(") ? methodName.substring(0, methodName.indexOf('(')) : methodName;
        String parameters = methodName.contains("(") ? methodName.substring(methodName.indexOf('(') + 1, methodName.lastIndexOf(')')) : null;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name) && (parameters == null || parameters.replace(" ", "").equals(
                        Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(","))))
                        && annotated(method)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean annotated(AnnotatedElement element) {
        if (element.isAnnotationPresent(StatedForReferenceMachine.class)) {
            return true;
        }
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(StatedForReferenceMachine.class)) {
                return true;
            }
        }
        return false;
    }
}
