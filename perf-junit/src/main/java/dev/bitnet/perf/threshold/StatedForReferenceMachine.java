package dev.bitnet.perf.threshold;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * {@code @StatedForReferenceMachine} signals that the speed thresholds of a performance test
 * (class or method) were stated for the calibration's reference machine, so perf-junit scales
 * them by this machine's {@linkplain dev.bitnet.perf.calibration.Calibration calibration factor}:
 * {@code tokens_per_second} and {@code throughput_ops} floors are multiplied by it,
 * {@code latency_ms} and {@code cpu_time_ms} ceilings divided by it; memory, allocation and GC
 * thresholds are not scaled (they do not depend on CPU speed). The failure message shows the
 * chain: stated value, factor, derived value, measured value.
 *
 * <p>The configuration parameter {@code perf.threshold.calibrate=true} does the same for every
 * performance test of a run.
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public @interface StatedForReferenceMachine {}
