package dev.loomchan.cancellation;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition in this module's tests, instead of sleeping and hoping it has come true. */
final class Await {
    /** Bound for anything awaited; generous, the machine is small and loaded. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private Await() {
    }

    /**
     * Polls until {@code condition} holds; fails naming {@code what} after {@link #PATIENCE}. Spins briefly, then
     * parks 1 ms between polls. May be called from a fork: an interrupt does not end the wait (nor is it cleared).
     */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int polls = 0; !condition.getAsBoolean(); polls++) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within " + PATIENCE + ": " + what);
            }
            if (polls < 100 || Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
                Thread.yield(); // parkNanos would return at once while an interrupt is pending
            } else {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /** Waits until {@code t} is sleeping or parked with a time-out (TIMED_WAITING). */
    static void timedWaiting(Thread t) {
        until(t.getName() + " is in a timed wait", () -> t.getState() == Thread.State.TIMED_WAITING);
    }

    /** Waits until {@code owner}, whose scope's body has returned, is parked waiting for that scope's forks. */
    static void waitingForForks(Thread owner) {
        until(owner.getName() + " is parked waiting for its scope's forks",
                () -> LockSupport.getBlocker(owner) instanceof LiveForks);
    }
}
