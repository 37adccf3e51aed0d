package dev.loomchan.reliability;

import dev.loomchan.support.ThreadKind;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thread helpers: start, wait until parked (by polling the thread state, not by sleeping), wait until a condition
 * holds, join with a bound. Public for the engine's internal tests and the modules that use channel-core's test jar.
 */
public final class Threads {
    /** Bound for anything awaited; generous, the machine is small and loaded. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private Threads() {
    }

    /** Something a worker runs that may throw. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    static Thread start(ThreadKind kind, String name, Body body) {
        return kind.start(name, () -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new AssertionError(Thread.currentThread().getName() + " threw", e);
            }
        });
    }

    /** Waits until every thread is parked (WAITING, TIMED_WAITING) or has ended. */
    public static void awaitParked(List<Thread> threads) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (Thread t : threads) {
            for (;;) {
                Thread.State s = t.getState();
                if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    fail(t.getName() + " did not park: " + s + " " + Arrays.toString(t.getStackTrace()));
                }
                Thread.yield();
            }
        }
    }

    public static void awaitParked(Thread t) {
        awaitParked(List.of(t));
    }

    /** Waits until the thread is parked; fails if it ends instead. */
    public static void awaitBlocked(Thread t) {
        awaitParked(t);
        if (t.getState() == Thread.State.TERMINATED) {
            fail(t.getName() + " ended instead of blocking");
        }
    }

    /** Polls until {@code condition} holds; fails naming {@code what} after {@link #PATIENCE}. */
    public static void awaitUntil(String what, BooleanSupplier condition) {
        awaitUntil(() -> what, condition, PATIENCE);
    }

    /** Polls until {@code condition} holds; fails with {@code what} (computed only then) after {@link #PATIENCE}. */
    public static void awaitUntil(Supplier<String> what, BooleanSupplier condition) {
        awaitUntil(what, condition, PATIENCE);
    }

    /**
     * Polls until {@code condition} holds; fails with {@code what} (computed only then, so it can describe the state
     * reached) once {@code patience} has passed. Spins briefly, then parks 1 ms between polls so that a loaded machine
     * is not made busier by the wait.
     */
    public static void awaitUntil(Supplier<String> what, BooleanSupplier condition, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int polls = 0; !condition.getAsBoolean(); polls++) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within " + patience + ": " + what.get());
            }
            if (polls < 100 || Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
                Thread.yield(); // parkNanos would return at once while an interrupt is pending
            } else {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    static void joinAll(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                fail(t.getName() + " did not finish: " + t.getState() + " " + Arrays.toString(t.getStackTrace()));
            }
        }
    }

    static void join(Thread t) throws InterruptedException {
        joinAll(List.of(t));
    }

    /** Joins the threads, then returns weak references to them and drops the strong ones (clears the list). */
    static List<WeakReference<Thread>> joinAndForget(List<Thread> threads) throws InterruptedException {
        joinAll(threads);
        List<WeakReference<Thread>> refs = new ArrayList<>(threads.size());
        for (Thread t : threads) {
            refs.add(new WeakReference<>(t));
        }
        threads.clear();
        return refs;
    }

    static long millis(Duration d) {
        return TimeUnit.NANOSECONDS.toMillis(d.toNanos());
    }
}
