package dev.bitnet.perf.sample;

import dev.bitnet.perf.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link Workload} as a {@link Plan} says: {@code warmup} iterations that are never
 * recorded, then {@code iterations} measured ones, each with {@code threads} concurrent calls, all
 * under the plan's timeout. Returns one {@link Sample} per measured iteration.
 *
 * <p>Timing: only {@link Workload#call()} sits between the two {@link System#nanoTime()} readings;
 * CPU time and allocation are read just outside them, and process-wide readings (GC, heap, and
 * resident-set sizes at most every {@link #PROCESS_MEMORY_INTERVAL_NANOS}) between iterations. With one thread every call runs on the caller's own thread (the test
 * thread), so thread-affine code works; with {@code N > 1} threads, caller 0 is the caller's own
 * thread and callers {@code 1..N-1} are threads the runner starts for this run and stops after it.
 * All callers of an iteration start together behind a barrier.
 *
 * <p>Timeout: when the limit passes, every calling thread is interrupted; code that does not react
 * to interrupts is stopped after its current call. Either way the run ends with a
 * {@link PerformanceTimeoutException} naming the iteration reached.
 *
 * <p>A {@code Runner} holds no state of its own beyond its probes and may run several plans at
 * once.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Runner {

    /**
     * Resident-set sizes are read after the first and the last measured iteration, and after any
     * other one that ends at least this long after the previous reading: the kernel renders
     * {@code /proc/self/status} afresh for each reading (tens of microseconds), which must not
     * dominate runs of microsecond-long iterations. Iterations in between record UNKNOWN; no value
     * is ever carried over from another iteration.
     */
    public static final long PROCESS_MEMORY_INTERVAL_NANOS = 1_000_000;

    private static final long[] UNKNOWN_RSS = {CallSample.UNKNOWN, CallSample.UNKNOWN};

    private final Probes probes;

    public Runner(Probes probes) {
        this.probes = probes;
    }

    /** A runner with {@link Probes#system()}. */
    public static Runner withSystemProbes() {
        return new Runner(Probes.system());
    }

    /**
     * Runs {@code workload} according to {@code plan}.
     *
     * @throws MeasuredCodeException when a call throws (the first failure stops the run)
     * @throws PerformanceTimeoutException when the plan's timeout passes
     * @throws InterruptedException when the calling thread is interrupted by someone else
     */
    public Samples run(Plan plan, Workload workload)
            throws MeasuredCodeException, PerformanceTimeoutException, InterruptedException {
        return run(plan, workload, IterationListener.NONE);
    }

    /**
     * Runs {@code workload} according to {@code plan}, telling {@code listener} after each
     * iteration (warm-up or measured) finishes, e.g. for progress lines.
     *
     * @throws MeasuredCodeException when a call throws (the first failure stops the run)
     * @throws PerformanceTimeoutException when the plan's timeout passes
     * @throws InterruptedException when the calling thread is interrupted by someone else
     */
    @SuppressWarnings("try") // the watchdog only needs closing
    public Samples run(Plan plan, Workload workload, IterationListener listener)
            throws MeasuredCodeException, PerformanceTimeoutException, InterruptedException {
        Run run = new Run(plan, workload, Thread.currentThread(), listener);
        try (Watchdog watchdog = Watchdog.start(plan.timeout(), run)) {
            return run.execute();
        }
    }

    /** The state of one run; confined to it. */
    private final class Run {
        private final Plan plan;
        private final Workload workload;
        private final IterationListener listener;
        private final List<Thread> callers = new ArrayList<>();
        private final AtomicReference<@Nullable Position> reached = new AtomicReference<>();
        private volatile boolean timedOut;
        private long lastProcessMemoryRead;

        Run(Plan plan, Workload workload, Thread testThread, IterationListener listener) {
            this.plan = plan;
            this.workload = workload;
            this.listener = listener;
            callers.add(testThread);
        }

        Samples execute() throws MeasuredCodeException, PerformanceTimeoutException, InterruptedException {
            ExecutorService pool = plan.threads() > 1 ? startCallerPool() : null;
            try {
                for (int i = 1; i <= plan.warmup(); i++) {
                    iteration(pool, Phase.WARMUP, i, plan.warmup());
                    listener.iterationFinished(Phase.WARMUP, i, plan.warmup());
                }
                // Capacity capped: a plan may ask for many iterations and rely on its timeout.
                List<Sample> samples = new ArrayList<>(Math.min(plan.iterations(), 1024));
                for (int i = 1; i <= plan.iterations(); i++) {
                    long gcCount = probes.gcCount();
                    long gcTime = probes.gcTimeMillis();
                    List<Timed> calls = iteration(pool, Phase.MEASUREMENT, i, plan.iterations());
                    long gcCountAfter = probes.gcCount();
                    long gcTimeAfter = probes.gcTimeMillis();
                    long heapUsed = probes.heapUsedBytes();
                    long[] rss = UNKNOWN_RSS;
                    long now = System.nanoTime();
                    if (i == 1 || i == plan.iterations() || now - lastProcessMemoryRead >= PROCESS_MEMORY_INTERVAL_NANOS) {
                        rss = probes.residentSetBytes();
                        lastProcessMemoryRead = now;
                    }
                    samples.add(toSample(i, calls, gcCountAfter - gcCount, gcTimeAfter - gcTime, heapUsed, rss));
                    listener.iterationFinished(Phase.MEASUREMENT, i, plan.iterations());
                }
                throwIfTimedOut(null);
                return new Samples(samples);
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }

        private ExecutorService startCallerPool() {
            AtomicInteger index = new AtomicInteger(1);
            ExecutorService pool = Executors.newFixedThreadPool(plan.threads() - 1, task -> {
                Thread t = new Thread(task, "perf-caller-" + index.getAndIncrement() + " " + plan.methodName());
                t.setDaemon(true);
                synchronized (callers) {
                    callers.add(t);
                }
                return t;
            });
            return pool;
        }

        private List<Timed> iteration(@Nullable ExecutorService pool, Phase phase, int iteration, int ofIterations)
                throws MeasuredCodeException, PerformanceTimeoutException, InterruptedException {
            reached.set(new Position(phase, iteration, ofIterations, 0, plan.threads()));
            throwIfTimedOut(null);
            List<Timed> calls = new ArrayList<>(plan.threads());
            if (pool == null) {
                calls.add(timedCall(new Position(phase, iteration, ofIterations, 0, 1)));
                return calls;
            }
            CyclicBarrier start = new CyclicBarrier(plan.threads());
            List<Future<Timed>> others = new ArrayList<>(plan.threads() - 1);
            for (int caller = 1; caller < plan.threads(); caller++) {
                Position position = new Position(phase, iteration, ofIterations, caller, plan.threads());
                others.add(pool.submit(() -> {
                    start.await();
                    return timedCall(position);
                }));
            }
            Position own = new Position(phase, iteration, ofIterations, 0, plan.threads());
            MeasuredCodeException firstFailure = null;
            try {
                start.await();
                calls.add(timedCall(own));
            } catch (BrokenBarrierException e) {
                throwIfTimedOut(e);
                throw new IllegalStateException("callers of " + plan.methodName() + " did not start together", e);
            } catch (InterruptedException e) {
                throwIfTimedOut(e);
                throw e;
            } catch (MeasuredCodeException e) {
                firstFailure = e;
            }
            for (Future<Timed> other : others) {
                try {
                    calls.add(other.get());
                } catch (InterruptedException e) {
                    throwIfTimedOut(e);
                    throw e;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof MeasuredCodeException failure) {
                        firstFailure = firstFailure == null ? failure : firstFailure;
                    } else if (cause instanceof PerformanceTimeoutException timeout) {
                        throw timeout;
                    } else {
                        throwIfTimedOut(cause);
                        throw new IllegalStateException("caller thread of " + plan.methodName() + " failed", cause);
                    }
                }
            }
            if (firstFailure != null) {
                throw firstFailure;
            }
            return calls;
        }

        private Timed timedCall(Position position) throws MeasuredCodeException, PerformanceTimeoutException {
            long cpuStart = probes.threadCpuNanos();
            long allocatedStart = probes.threadAllocatedBytes();
            long start = System.nanoTime();
            Object result;
            try {
                result = workload.call();
            } catch (Throwable thrown) {
                throwIfTimedOut(thrown);
                throw new MeasuredCodeException(plan.testName(), position, thrown);
            }
            long end = System.nanoTime();
            long allocatedEnd = probes.threadAllocatedBytes();
            long cpuEnd = probes.threadCpuNanos();
            throwIfTimedOut(null);
            long tokens = workload.tokensProduced(result);
            return new Timed(new CallSample(
                    position.caller(),
                    end - start,
                    tokens < 0 ? CallSample.UNKNOWN : tokens,
                    difference(allocatedStart, allocatedEnd),
                    difference(cpuStart, cpuEnd)), start, end);
        }

        private void throwIfTimedOut(@Nullable Throwable suppressed) throws PerformanceTimeoutException {
            if (!timedOut) {
                return;
            }
            Duration timeout = plan.timeout();
            PerformanceTimeoutException e = new PerformanceTimeoutException(
                    PerformanceTimeoutException.message(plan.testName(), timeout == null ? Duration.ZERO : timeout,
                            reached.get()),
                    reached.get());
            if (suppressed != null && !(suppressed instanceof PerformanceTimeoutException)) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }

        void interruptCallers() {
            timedOut = true;
            synchronized (callers) {
                callers.forEach(Thread::interrupt);
            }
        }
    }

    private static long difference(long start, long end) {
        return start == CallSample.UNKNOWN || end == CallSample.UNKNOWN || end < start
                ? CallSample.UNKNOWN
                : end - start;
    }

    private static Sample toSample(
            int iteration, List<Timed> calls, long gcCount, long gcTime, long heapUsed, long[] rss) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<CallSample> ordered = new ArrayList<>(calls.size());
        for (Timed call : calls) {
            first = Math.min(first, call.startNanos());
            last = Math.max(last, call.endNanos());
            ordered.add(call.sample());
        }
        ordered.sort((a, b) -> Integer.compare(a.caller(), b.caller()));
        return new Sample(iteration, Math.max(0, last - first), ordered,
                Math.max(0, gcCount), Math.max(0, gcTime), heapUsed, rss[0], rss[1]);
    }

    private record Timed(CallSample sample, long startNanos, long endNanos) {}

    /** Interrupts a run's callers when its timeout passes; does nothing without a timeout. */
    private static final class Watchdog implements AutoCloseable {
        private final @Nullable ScheduledExecutorService timer;
        private final @Nullable ScheduledFuture<?> alarm;
        private final Run run;

        private Watchdog(@Nullable ScheduledExecutorService timer, @Nullable ScheduledFuture<?> alarm, Run run) {
            this.timer = timer;
            this.alarm = alarm;
            this.run = run;
        }

        static Watchdog start(@Nullable Duration timeout, Run run) {
            if (timeout == null) {
                return new Watchdog(null, null, run);
            }
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "perf-timeout " + run.plan.methodName());
                t.setDaemon(true);
                return t;
            });
            ScheduledFuture<?> alarm = timer.schedule(run::interruptCallers, timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Watchdog(timer, alarm, run);
        }

        @Override
        public void close() {
            if (timer == null || alarm == null) {
                return;
            }
            alarm.cancel(false);
            timer.shutdownNow();
            boolean interruptedByOthers = false;
            while (!timer.isTerminated()) {
                try {
                    timer.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interruptedByOthers |= !run.timedOut;
                }
            }
            if (run.timedOut) {
                // The alarm interrupted the test thread; clear the flag so that the interrupt does
                // not leak into whatever runs next on this thread.
                Thread.interrupted();
            }
            if (interruptedByOthers) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
