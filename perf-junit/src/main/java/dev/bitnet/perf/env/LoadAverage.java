package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * {@code LoadAverage} is the system load average (runnable plus uninterruptible tasks, as in
 * {@code /proc/loadavg}) at one moment, and whether the machine counts as loaded then.
 *
 * <p>Rule: the machine is <em>loaded</em> when the one-minute load average is at least the
 * number of CPUs this JVM may use ({@code effectiveCpus}). The load average counts this JVM's own
 * runnable threads, so the flag only describes the moment the fingerprint was taken (it selects the
 * wider noise band of {@code EnvironmentDefaults} and the {@code loaded} override predicate).
 * Whether other processes loaded the machine <em>while a test was measured</em>, which baseline
 * findings, the history and diagnoses report, is {@link OtherProcessLoad}; the load averages are
 * recorded beside it as facts. We never change the governor or ask for privileges.
 *
 * @param oneMinute one-minute load average, {@code null} when unreadable
 * @param fiveMinutes five-minute load average, {@code null} when unreadable
 * @param fifteenMinutes fifteen-minute load average, {@code null} when unreadable
 * @param effectiveCpus the CPUs the rule compares against, at least 1
 * @param loaded whether {@code oneMinute >= effectiveCpus}; {@code false} when unknown
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record LoadAverage(
        @Nullable Double oneMinute,
        @Nullable Double fiveMinutes,
        @Nullable Double fifteenMinutes,
        int effectiveCpus,
        boolean loaded) {

    public LoadAverage {
        if (effectiveCpus < 1) {
            throw new IllegalArgumentException("effectiveCpus must be at least 1: " + effectiveCpus);
        }
    }

    /** Applies the loaded rule to raw readings; negative readings (OSHI's "unavailable") become unknown. */
    public static LoadAverage of(double one, double five, double fifteen, int effectiveCpus) {
        Double o = one >= 0 && Double.isFinite(one) ? one : null;
        Double f = five >= 0 && Double.isFinite(five) ? five : null;
        Double q = fifteen >= 0 && Double.isFinite(fifteen) ? fifteen : null;
        return new LoadAverage(o, f, q, effectiveCpus, o != null && o >= effectiveCpus);
    }

    /** A load average that could not be read. */
    public static LoadAverage unknown(int effectiveCpus) {
        return new LoadAverage(null, null, null, effectiveCpus, false);
    }

    public boolean known() {
        return oneMinute != null;
    }

    @Override
    public String toString() {
        if (oneMinute == null) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.2f %.2f %.2f (%s for %d CPUs)", oneMinute,
                fiveMinutes == null ? Double.NaN : fiveMinutes,
                fifteenMinutes == null ? Double.NaN : fifteenMinutes,
                loaded ? "loaded" : "not loaded", effectiveCpus);
    }
}
