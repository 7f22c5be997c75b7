package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * {@code ProgressReporter} prints progress lines for long performance tests, e.g.
 * {@code [perf] decode(batch=4): sample 12/50, about 38 s left}. Short tests print nothing: the
 * first line comes only once a test has run for the interval, and after that at most one line per
 * interval per test, so logs stay short. The runner calls {@link Progress#warmupDone(int)} and
 * {@link Progress#sampleDone(int)} after each iteration; both are cheap (a clock read and a
 * comparison) and safe to call from several threads.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ProgressReporter {
    /** Seconds between progress lines of one test; {@code 0} turns progress lines off. Defaults to 5. */
    public static final String INTERVAL_KEY = "perf.progress.intervalSeconds";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final Consumer<String> sink;
    private final LongSupplier nanoClock;
    private final long intervalNanos;

    public ProgressReporter(Consumer<String> sink, LongSupplier nanoClock, Duration interval) {
        this.sink = Objects.requireNonNull(sink, "sink must not be null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock must not be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.intervalNanos = interval.toNanos();
    }

    /** A reporter printing to standard output with the interval read from {@value #INTERVAL_KEY}. */
    public static ProgressReporter fromConfiguration(Function<String, Optional<String>> parameters) {
        Duration interval = DEFAULT_INTERVAL;
        Optional<String> text = parameters.apply(INTERVAL_KEY);
        if (text.isPresent()) {
            try {
                double seconds = Double.parseDouble(text.get().trim());
                if (seconds >= 0 && Double.isFinite(seconds)) {
                    interval = Duration.ofMillis(Math.round(seconds * 1000));
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                System.getLogger(ProgressReporter.class.getName()).log(System.Logger.Level.WARNING,
                        "Ignored invalid value ''{0}'' set via the ''{1}'' configuration parameter; it must be zero or more seconds.",
                        text.get(), INTERVAL_KEY);
            }
        }
        return new ProgressReporter(line -> System.out.println(line), System::nanoTime, interval);
    }

    /** Whether this reporter prints anything at all. */
    public boolean enabled() {
        return intervalNanos > 0;
    }

    /** Starts tracking one test (or one parameterized invocation). */
    public Progress start(String testName, int warmupIterations, int measuredIterations) {
        return new Progress(testName, warmupIterations, measuredIterations, nanoClock.getAsLong());
    }

    /** Progress of one test. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public final class Progress {
        private final String testName;
        private final int warmupIterations;
        private final int measuredIterations;
        private final long startNanos;
        private long lastLineNanos;
        private int warmupCompleted;
        private int measuredCompleted;
        private int linesPrinted;

        private Progress(String testName, int warmupIterations, int measuredIterations, long startNanos) {
            this.testName = testName;
            this.warmupIterations = warmupIterations;
            this.measuredIterations = measuredIterations;
            this.startNanos = startNanos;
            this.lastLineNanos = startNanos;
        }

        /** Warm-up iteration {@code completed} (1-based) has finished. */
        public synchronized void warmupDone(int completed) {
            warmupCompleted = Math.max(warmupCompleted, completed);
            maybePrint("warm-up " + warmupCompleted + "/" + warmupIterations);
        }

        /** Measured iteration {@code completed} (1-based) has finished. */
        public synchronized void sampleDone(int completed) {
            measuredCompleted = Math.max(measuredCompleted, completed);
            maybePrint("sample " + measuredCompleted + "/" + measuredIterations);
        }

        /** How many lines this test printed. */
        public synchronized int linesPrinted() {
            return linesPrinted;
        }

        private void maybePrint(String position) {
            if (intervalNanos == 0) {
                return;
            }
            long now = nanoClock.getAsLong();
            if (now - lastLineNanos < intervalNanos) {
                return;
            }
            lastLineNanos = now;
            linesPrinted++;
            sink.accept("[perf] " + testName + ": " + position + timeLeft(now));
        }

        private String timeLeft(long now) {
            int done = warmupCompleted + measuredCompleted;
            int remaining = warmupIterations + measuredIterations - done;
            if (done == 0 || remaining <= 0) {
                return "";
            }
            double secondsLeft = (now - startNanos) / 1e9 / done * remaining;
            return secondsLeft >= 90 ? String.format(Locale.ROOT, ", about %.0f min left", secondsLeft / 60)
                    : String.format(Locale.ROOT, ", about %.0f s left", Math.max(1, secondsLeft));
        }
    }
}
