package dev.bitnet.perf.junit;

import dev.bitnet.perf.Performance;
import dev.bitnet.perf.PerformanceTest;
import dev.bitnet.perf.plan.Durations;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The settings one {@code @PerformanceTest} or {@code @Performance} declares on one element (a
 * method or a class), validated attribute by attribute. Unset attributes are {@code null}.
 *
 * @param annotation the simple name with {@code @}, e.g. {@code @PerformanceTest}
 * @param where e.g. {@code method [sorts()]}
 * @since 0.1
 */
record Settings(
        String annotation,
        String where,
        @Nullable Integer warmup,
        @Nullable Integer iterations,
        @Nullable Integer threads,
        @Nullable Duration timeout) {

    /** "@PerformanceTest on method [sorts()]". */
    String source() {
        return annotation + " on " + where;
    }

    /** The settings declared on {@code method}, if it (meta-)carries either annotation. */
    static Optional<Settings> on(Method method) {
        return on(method, Declarations.onMethod(method));
    }

    /** The settings declared on {@code type}, if it (meta-)carries either annotation. */
    static Optional<Settings> on(Class<?> type) {
        return on(type, Declarations.onClass(type));
    }

    static boolean isDeclaredOn(AnnotatedElement element) {
        return AnnotationSupport.isAnnotated(element, PerformanceTest.class)
                || AnnotationSupport.isAnnotated(element, Performance.class);
    }

    private static Optional<Settings> on(AnnotatedElement element, String where) {
        Optional<PerformanceTest> test = AnnotationSupport.findAnnotation(element, PerformanceTest.class);
        Optional<Performance> performance = AnnotationSupport.findAnnotation(element, Performance.class);
        if (test.isPresent() && performance.isPresent()) {
            throw Preconditions.error("Configuration error: " + where + " must declare either @"
                    + PerformanceTest.class.getSimpleName() + " or @" + Performance.class.getSimpleName()
                    + ", not both.");
        }
        if (test.isPresent()) {
            PerformanceTest a = test.get();
            return Optional.of(validated(a, where, a.warmup(), a.iterations(), a.threads(), a.timeout()));
        }
        if (performance.isPresent()) {
            Performance a = performance.get();
            return Optional.of(validated(a, where, a.warmup(), a.iterations(), a.threads(), a.timeout()));
        }
        return Optional.empty();
    }

    private static Settings validated(
            Annotation annotation, String where, int warmup, int iterations, int threads, String timeout) {
        String name = "@" + annotation.annotationType().getSimpleName();
        return new Settings(
                name,
                where,
                warmup(name, where, warmup),
                iterations(name, where, iterations),
                threads(name, where, threads),
                timeout(name, where, timeout));
    }

    private static @Nullable Integer warmup(String annotation, String where, int warmup) {
        if (warmup == PerformanceTest.UNSET) {
            return null;
        }
        Preconditions.condition(warmup >= 0, () -> String.format(
                "Configuration error: %s on %s must declare 'warmup' of zero or more but was [%d].",
                annotation, where, warmup));
        return warmup;
    }

    private static @Nullable Integer iterations(String annotation, String where, int iterations) {
        if (iterations == PerformanceTest.UNSET) {
            return null;
        }
        Preconditions.condition(iterations >= 1, () -> String.format(
                "Configuration error: %s on %s must declare 'iterations' of one or more but was [%d].",
                annotation, where, iterations));
        return iterations;
    }

    private static @Nullable Integer threads(String annotation, String where, int threads) {
        if (threads == PerformanceTest.UNSET) {
            return null;
        }
        Preconditions.condition(threads >= 1, () -> String.format(
                "Configuration error: %s on %s must declare 'threads' of one or more but was [%d].",
                annotation, where, threads));
        return threads;
    }

    private static @Nullable Duration timeout(String annotation, String where, String timeout) {
        if (timeout.isEmpty()) {
            return null;
        }
        try {
            return Durations.parse(timeout);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw Preconditions.error(String.format(
                    "Configuration error: %s on %s must declare a positive 'timeout' in the format %s but was [%s].",
                    annotation, where, Durations.GRAMMAR, timeout));
        }
    }
}
