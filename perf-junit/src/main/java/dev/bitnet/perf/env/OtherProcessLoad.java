package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code OtherProcessLoad} is how much CPU <em>other</em> processes used while a test was
 * measured, and whether that makes the machine count as <em>loaded</em>.
 *
 * <p>Rule: over the interval between two {@link CpuTimes} readings (the start of the test's first
 * measured round and the end of its last),
 * <pre>
 *   busy CPUs  = (busy ticks / all ticks, both system-wide) × CPUs
 *   own CPUs   = this JVM's CPU time / wall time
 *   other CPUs = max(0, busy CPUs − own CPUs)
 * </pre>
 * and the machine is loaded when {@code other CPUs / CPUs >= limit} ({@value #LIMIT_KEY},
 * default {@value #DEFAULT_LIMIT}: other processes kept at least half the machine busy). The test's
 * own threads, and everything else this JVM does (other tests running in parallel, JIT, GC), never
 * count: a test that keeps every CPU busy on an otherwise idle machine is not loaded. The load
 * average, which counts the test's own runnable threads, is still recorded as a fact but judges
 * nothing.
 *
 * <p>Unknown: unreadable counters, or an interval shorter than {@value #MIN_TICKS} clock ticks
 * summed over the CPUs (0.25 s on 2 CPUs at the usual 100 ticks per second), where one tick more
 * or less would move the figure by several percent. An unknown figure never makes the machine
 * loaded; it is recorded as unknown with its reason.
 *
 * @param intervalSeconds the wall time between the readings; 0 when unknown
 * @param cpus the system's CPUs; 0 when unknown
 * @param busyCpus CPUs busy on average, all processes; NaN when unknown
 * @param ownCpus CPUs this JVM used on average; NaN when unknown
 * @param limit the share of the CPUs other processes must use for the machine to count as loaded, in (0, 1]
 * @param unknownReason why the figure is unknown, {@code null} when known
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record OtherProcessLoad(
        double intervalSeconds,
        int cpus,
        double busyCpus,
        double ownCpus,
        double limit,
        @Nullable String unknownReason) {

    /** Configuration parameter: the share of the CPUs, in (0, 1], that other processes must use for the machine to count as loaded. */
    public static final String LIMIT_KEY = "perf.env.otherProcessesLimit";
    public static final double DEFAULT_LIMIT = 0.5;
    /** Fewer ticks than this (summed over the CPUs) between the readings leave the figure unknown. */
    public static final long MIN_TICKS = 50;
    /** The key under which {@link #toMap()} is stored in a test's environment summary. */
    public static final String ENVIRONMENT_KEY = "otherProcessesDuringTest";

    private static final System.Logger LOG = System.getLogger(OtherProcessLoad.class.getName());

    public OtherProcessLoad {
        if (!(limit > 0 && limit <= 1)) {
            throw new IllegalArgumentException("limit must lie in (0, 1]: " + limit);
        }
        if (unknownReason == null && (cpus < 1 || !(intervalSeconds > 0) || !(busyCpus >= 0) || !(ownCpus >= 0))) {
            throw new IllegalArgumentException("a known load needs CPUs >= 1, a positive interval and busy and own CPUs >= 0: "
                    + cpus + ", " + intervalSeconds + ", " + busyCpus + ", " + ownCpus);
        }
    }

    /** A figure that could not be measured. */
    public static OtherProcessLoad unknown(String reason, double limit) {
        return new OtherProcessLoad(0, 0, Double.NaN, Double.NaN, limit, Objects.requireNonNull(reason, "reason must not be null"));
    }

    /** The load of other processes between two readings of this machine's counters. */
    public static OtherProcessLoad between(CpuTimes start, CpuTimes end, double limit) {
        if (!start.known()) {
            return unknown(Objects.requireNonNullElse(start.unknownReason(), "counters unreadable"), limit);
        }
        if (!end.known()) {
            return unknown(Objects.requireNonNullElse(end.unknownReason(), "counters unreadable"), limit);
        }
        long totalTicks = end.systemTotalTicks() - start.systemTotalTicks();
        long busyTicks = end.systemBusyTicks() - start.systemBusyTicks();
        long wallNanos = end.nanoTime() - start.nanoTime();
        long ownNanos = end.processCpuNanos() - start.processCpuNanos();
        if (end.systemCpus() != start.systemCpus()) {
            return unknown("the number of CPUs changed from " + start.systemCpus() + " to " + end.systemCpus() + " during the test", limit);
        }
        if (totalTicks < 0 || busyTicks < 0 || busyTicks > totalTicks || ownNanos < 0 || wallNanos <= 0) {
            return unknown("counters went backwards between the readings", limit);
        }
        if (totalTicks < MIN_TICKS) {
            return unknown(String.format(Locale.ROOT, "the test's %.3f s (%d clock ticks on %d CPUs) are too short to judge; at least %d ticks"
                    + " are needed", wallNanos / 1e9, totalTicks, end.systemCpus(), MIN_TICKS), limit);
        }
        int cpus = end.systemCpus();
        double busy = (double) busyTicks / totalTicks * cpus;
        double own = Math.min(cpus, (double) ownNanos / wallNanos);
        return new OtherProcessLoad(wallNanos / 1e9, cpus, busy, own, limit, null);
    }

    /**
     * The limit set by {@value #LIMIT_KEY}; an invalid value logs a warning and gives the default,
     * as JUnit does for its own configuration parameters.
     */
    public static double limitFrom(Function<String, Optional<String>> configuration) {
        Optional<String> text = configuration.apply(LIMIT_KEY);
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            double value = Double.parseDouble(text.get().trim());
            if (value > 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // warned below
        }
        LOG.log(Level.WARNING, () -> String.format(Locale.ROOT, "Ignored invalid value '%s' set via the '%s' configuration parameter;"
                + " it must be a share of the CPUs in (0, 1], e.g. 0.5. Using %s.", text.get(), LIMIT_KEY, DEFAULT_LIMIT));
        return DEFAULT_LIMIT;
    }

    public boolean known() {
        return unknownReason == null;
    }

    /** CPUs other processes used on average; NaN when unknown. */
    public double otherCpus() {
        return known() ? Math.max(0, busyCpus - ownCpus) : Double.NaN;
    }

    /** {@link #otherCpus()} as a share of the CPUs, in [0, 1]; NaN when unknown. */
    public double otherShare() {
        return known() ? Math.min(1.0, otherCpus() / cpus) : Double.NaN;
    }

    /** Whether other processes used at least {@link #limit()} of the CPUs; {@code false} when unknown. */
    public boolean loaded() {
        return known() && otherShare() >= limit;
    }

    /** E.g. "other processes used 1.30 of 2 CPUs (65%, limit 50%) during the test's 4.2 s; this JVM used 1.95". */
    public String describe() {
        if (!known()) {
            return "CPU use of other processes during the test unknown (" + unknownReason + ")";
        }
        return String.format(Locale.ROOT, "other processes used %.2f of %d CPUs (%.0f%%, limit %.0f%%) during the test's %.1f s;"
                + " this JVM used %.2f", otherCpus(), cpus, 100 * otherShare(), 100 * limit, intervalSeconds, ownCpus);
    }

    /** The figures as a JSON-friendly map, for a test's environment summary and records. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("known", known());
        map.put("loaded", loaded());
        map.put("limit", limit);
        if (known()) {
            map.put("cpus", cpus);
            map.put("intervalSeconds", intervalSeconds);
            map.put("busyCpus", busyCpus);
            map.put("ownCpus", ownCpus);
            map.put("otherCpus", otherCpus());
            map.put("otherShare", otherShare());
        } else {
            map.put("unknownReason", unknownReason);
        }
        return map;
    }

    /**
     * Reads the figures that {@link #toMap()} stored under {@value #ENVIRONMENT_KEY} in an
     * environment summary; empty when there are none (an older record, or a test without them).
     */
    public static Optional<OtherProcessLoad> fromEnvironment(Map<String, ?> environment) {
        Object value = environment.get(ENVIRONMENT_KEY);
        if (!(value instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        try {
            double limit = ((Number) map.get("limit")).doubleValue();
            if (Boolean.TRUE.equals(map.get("known"))) {
                return Optional.of(new OtherProcessLoad(((Number) map.get("intervalSeconds")).doubleValue(),
                        ((Number) map.get("cpus")).intValue(), ((Number) map.get("busyCpus")).doubleValue(),
                        ((Number) map.get("ownCpus")).doubleValue(), limit, null));
            }
            return Optional.of(unknown(String.valueOf(map.get("unknownReason")), limit));
        } catch (RuntimeException e) { // a hand-edited or foreign map: no figure rather than a crash
            return Optional.empty();
        }
    }
}
