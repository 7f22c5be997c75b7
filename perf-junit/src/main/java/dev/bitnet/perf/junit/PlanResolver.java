package dev.bitnet.perf.junit;

import dev.bitnet.perf.Measure;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.plan.Mode;
import dev.bitnet.perf.plan.Plan;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Resolves the {@link Plan} of one test: for each setting the first of the configuration
 * parameter, the method's annotation, the annotations of the test class and its enclosing classes
 * (innermost first), and the default.
 *
 * @since 0.1
 */
final class PlanResolver {

    private static final String DEFAULT = "default";

    private PlanResolver() {}

    /** Whether {@code context}'s test method or one of its classes declares a performance annotation. */
    static boolean isPerformanceTest(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty()) {
            return false;
        }
        if (Settings.isDeclaredOn(method.get())) {
            return true;
        }
        return classes(context).stream().anyMatch(Settings::isDeclaredOn);
    }

    static Mode modeOf(Method method) {
        return Arrays.asList(method.getParameterTypes()).contains(Measure.class) ? Mode.REGION : Mode.WHOLE_METHOD;
    }

    static Plan resolve(ExtensionContext context, RunConfiguration configuration) {
        Method method = context.getRequiredTestMethod();
        List<Settings> layers = new ArrayList<>();
        Settings.on(method).ifPresent(layers::add);
        for (Class<?> type : classes(context)) {
            Settings.on(type).ifPresent(layers::add);
        }
        Map<String, String> sources = new LinkedHashMap<>();
        int warmup = pick("warmup", configuration.warmup(), PerformanceTest.WARMUP_KEY, layers, Settings::warmup,
                PerformanceTest.DEFAULT_WARMUP, sources);
        int iterations = pick("iterations", configuration.iterations(), PerformanceTest.ITERATIONS_KEY, layers,
                Settings::iterations, PerformanceTest.DEFAULT_ITERATIONS, sources);
        int threads = pick("threads", configuration.threads(), PerformanceTest.THREADS_KEY, layers, Settings::threads,
                PerformanceTest.DEFAULT_THREADS, sources);
        Duration timeout = pickTimeout(configuration.timeout(), layers, sources);
        return new Plan(
                context.getUniqueId(),
                context.getDisplayName(),
                context.getRequiredTestClass().getName(),
                Declarations.methodSignature(method),
                modeOf(method),
                warmup,
                iterations,
                threads,
                timeout,
                sources);
    }

    /** The test class, then its enclosing classes ({@code @Nested}), innermost first. */
    static List<Class<?>> classes(ExtensionContext context) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            classes.add(type);
        }
        return classes;
    }

    private static <T> T pick(
            String setting,
            @Nullable T fromConfiguration,
            String key,
            List<Settings> layers,
            Function<Settings, @Nullable T> attribute,
            T fallback,
            Map<String, String> sources) {
        if (fromConfiguration != null) {
            sources.put(setting, "configuration parameter '" + key + "'");
            return fromConfiguration;
        }
        for (Settings layer : layers) {
            T value = attribute.apply(layer);
            if (value != null) {
                sources.put(setting, layer.source());
                return value;
            }
        }
        sources.put(setting, DEFAULT);
        return fallback;
    }

    private static @Nullable Duration pickTimeout(
            @Nullable Duration fromConfiguration, List<Settings> layers, Map<String, String> sources) {
        if (fromConfiguration != null) {
            sources.put("timeout", "configuration parameter '" + PerformanceTest.TIMEOUT_KEY + "'");
            return fromConfiguration;
        }
        for (Settings layer : layers) {
            if (layer.timeout() != null) {
                sources.put("timeout", layer.source());
                return layer.timeout();
            }
        }
        sources.put("timeout", "none");
        return null;
    }
}
