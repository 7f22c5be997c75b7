package dev.bitnet.perf.junit;

import dev.bitnet.perf.AllocationAtMost;
import dev.bitnet.perf.LatencyAtMost;
import dev.bitnet.perf.MemoryAtMost;
import dev.bitnet.perf.Statistic;
import dev.bitnet.perf.ThroughputAtLeast;
import dev.bitnet.perf.TokensPerSecondAtLeast;
import dev.bitnet.perf.sample.Metric;
import dev.bitnet.perf.threshold.Bound;
import dev.bitnet.perf.threshold.Threshold;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Reads the threshold annotations of a test method and its classes into stated {@link Threshold}s,
 * validating each attribute; method-level and class-level thresholds all apply.
 *
 * @since 0.1
 */
final class ThresholdAnnotations {

    private ThresholdAnnotations() {}

    static List<Threshold> read(Method method, List<Class<?>> classes) {
        List<Threshold> thresholds = new ArrayList<>();
        read(method, Declarations.onMethod(method), thresholds);
        for (Class<?> type : classes) {
            read(type, Declarations.onClass(type), thresholds);
        }
        return thresholds;
    }

    private static void read(AnnotatedElement element, String where, List<Threshold> out) {
        for (LatencyAtMost a : AnnotationSupport.findRepeatableAnnotations(element, LatencyAtMost.class)) {
            double millis = value(a, where, a.value()) * a.unit().toNanos(1) / (double) TimeUnit.MILLISECONDS.toNanos(1);
            out.add(threshold(a, where, Metric.LATENCY_MS, a.statistic(), a.percentile(), Bound.AT_MOST, millis,
                    a.unit() == TimeUnit.MILLISECONDS ? "" : " as " + Threshold.format(a.value()) + " " + unitName(a.unit())));
        }
        for (TokensPerSecondAtLeast a : AnnotationSupport.findRepeatableAnnotations(element, TokensPerSecondAtLeast.class)) {
            out.add(threshold(a, where, Metric.TOKENS_PER_SECOND, a.statistic(), a.percentile(), Bound.AT_LEAST,
                    value(a, where, a.value()), ""));
        }
        for (ThroughputAtLeast a : AnnotationSupport.findRepeatableAnnotations(element, ThroughputAtLeast.class)) {
            out.add(threshold(a, where, Metric.THROUGHPUT_OPS, a.statistic(), a.percentile(), Bound.AT_LEAST,
                    value(a, where, a.value()), ""));
        }
        for (MemoryAtMost a : AnnotationSupport.findRepeatableAnnotations(element, MemoryAtMost.class)) {
            out.add(threshold(a, where, a.kind().metric(), a.statistic(), a.percentile(), Bound.AT_MOST,
                    value(a, where, a.value()), ""));
        }
        for (AllocationAtMost a : AnnotationSupport.findRepeatableAnnotations(element, AllocationAtMost.class)) {
            out.add(threshold(a, where, Metric.ALLOCATED_BYTES, a.statistic(), a.percentile(), Bound.AT_MOST,
                    value(a, where, a.value()), ""));
        }
    }

    private static Threshold threshold(
            Annotation annotation,
            String where,
            Metric metric,
            Statistic statistic,
            double percentile,
            Bound bound,
            double valueInMetricUnit,
            String asWritten) {
        String name = "@" + annotation.annotationType().getSimpleName();
        percentile(name, where, statistic, percentile);
        return Threshold.stated(metric, statistic, percentile, bound, valueInMetricUnit, name + " on " + where + asWritten);
    }

    private static double value(Annotation annotation, String where, double value) {
        Preconditions.condition(value > 0 && !Double.isInfinite(value), () -> String.format(
                "Configuration error: @%s on %s must declare a positive, finite 'value' but was [%s].",
                annotation.annotationType().getSimpleName(), where, value));
        return value;
    }

    private static void percentile(String annotation, String where, Statistic statistic, double percentile) {
        if (statistic == Statistic.PERCENTILE) {
            Preconditions.condition(percentile > 0 && percentile <= 100, () -> String.format(
                    "Configuration error: %s on %s must declare a 'percentile' greater than 0 and at most 100"
                            + " when 'statistic' is PERCENTILE but was [%s].",
                    annotation, where, percentile));
        } else {
            Preconditions.condition(percentile == 0, () -> String.format(
                    "Configuration error: %s on %s must declare 'statistic' PERCENTILE to use 'percentile' [%s]"
                            + " but declared [%s].",
                    annotation, where, percentile, statistic));
        }
    }

    private static String unitName(TimeUnit unit) {
        return switch (unit) {
            case NANOSECONDS -> "ns";
            case MICROSECONDS -> "μs";
            case MILLISECONDS -> "ms";
            case SECONDS -> "s";
            case MINUTES -> "min";
            case HOURS -> "h";
            case DAYS -> "d";
        };
    }

}
