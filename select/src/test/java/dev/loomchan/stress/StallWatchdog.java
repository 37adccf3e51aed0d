package dev.loomchan.stress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Guards the run itself. The rounds bound their workers ({@link RoundRunner#TERMINATION_TIMEOUT}), but the thread that
 * runs the rounds could hang too: in a close or cancel that never returns, say. When that thread reports no progress
 * for {@code limit}, the watchdog prints the stacks of that thread and of the current round's workers and calls
 * {@code onStall}; the command line halts the JVM with exit status 1 there, so that a stuck run fails instead of
 * hanging.
 */
final class StallWatchdog implements AutoCloseable {
    /** Far longer than a round can take: 0.3 s of work, 5 s for the workers to end, 2 s to free stuck ones. */
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);

    private final Thread runner = Thread.currentThread();
    private final Duration limit;
    private final PrintStream out;
    private final Runnable onStall;
    private final LongSupplier clock;
    private final Thread thread;
    private volatile long lastProgressNanos;
    private volatile String activity = "starting";
    private volatile Thread[] workers = new Thread[0];

    /** Starts watching the calling thread. */
    StallWatchdog(Duration limit, PrintStream out, Runnable onStall) {
        this(limit, out, onStall, System::nanoTime);
    }

    /**
     * As {@link #StallWatchdog(Duration, PrintStream, Runnable)}, measuring idle time on {@code clock} (nanoseconds),
     * so that a test can decide how much time passes between two signs of progress. The watchdog still looks at the
     * clock at real-time intervals.
     */
    StallWatchdog(Duration limit, PrintStream out, Runnable onStall, LongSupplier clock) {
        this.limit = limit;
        this.out = out;
        this.onStall = onStall;
        this.clock = clock;
        this.lastProgressNanos = clock.getAsLong();
        this.thread = Thread.ofPlatform().name("stress-watchdog").daemon(true).start(this::watch);
    }

    /** The watched thread is alive and now doing {@code what}, with {@code roundWorkers} running. */
    void progress(String what, Thread... roundWorkers) {
        activity = what;
        workers = roundWorkers.clone();
        lastProgressNanos = clock.getAsLong();
    }

    private void watch() {
        long tick = Math.max(10, Math.min(1_000, limit.toMillis() / 10));
        while (true) {
            try {
                Thread.sleep(tick); // the watchdog's own check period, not a wait for anything
            } catch (InterruptedException e) {
                return;
            }
            long idle = clock.getAsLong() - lastProgressNanos;
            if (idle > limit.toNanos()) {
                List<Thread> threads = new ArrayList<>();
                threads.add(runner);
                for (Thread w : workers) {
                    if (w.isAlive()) {
                        threads.add(w);
                    }
                }
                out.println();
                out.printf("FAIL: the run made no progress for %d s while %s; %s (term):%s%n", limit.toSeconds(),
                        activity, "the run is stuck", ThreadDump.of(threads));
                out.flush();
                onStall.run();
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
