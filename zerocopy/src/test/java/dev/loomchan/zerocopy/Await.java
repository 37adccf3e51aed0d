package dev.loomchan.zerocopy;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition in this module's tests, instead of sleeping and hoping it has come true. */
final class Await {
    /** Bound for anything awaited; generous, the machine is small and loaded. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private Await() {
    }

    /** Polls until {@code condition} holds; fails naming {@code what} after {@link #PATIENCE}. */
    static void until(String what, BooleanSupplier condition) {
        until(() -> what, condition);
    }

    /**
     * Polls until {@code condition} holds; fails with {@code what} (computed only then) after {@link #PATIENCE}.
     * Spins briefly, then parks 1 ms between polls.
     */
    static void until(Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int polls = 0; !condition.getAsBoolean(); polls++) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within " + PATIENCE + ": " + what.get());
            }
            if (polls < 100 || Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
                Thread.yield(); // parkNanos would return at once while an interrupt is pending
            } else {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /** Waits until {@code t} is parked (WAITING or TIMED_WAITING); fails if it ends instead. */
    static void parked(Thread t) {
        until(() -> t.getName() + " parks; it is " + t.getState() + " at " + Arrays.toString(t.getStackTrace()), () -> {
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED) {
                fail(t.getName() + " ended instead of parking");
            }
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        });
    }
}
