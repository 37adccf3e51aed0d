package dev.loomchan.metrics;

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
     * parks 1 ms between polls.
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
}
