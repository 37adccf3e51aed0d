package dev.loomchan.chanmon;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition in this module's tests, instead of sleeping and hoping it has come true. Public for the
 * tests of the module's other packages.
 */
public final class Await {
    /** Bound for anything awaited; generous, the machine is small and loaded. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private Await() {
    }

    /** Polls until {@code condition} holds; fails naming {@code what} after {@link #PATIENCE}. */
    public static void until(String what, BooleanSupplier condition) {
        until(() -> what, condition, PATIENCE);
    }

    /**
     * Polls until {@code condition} holds; fails with {@code what} (computed only then, so that it can describe the
     * state reached) once {@code patience} has passed. Spins briefly, then parks 1 ms between polls.
     */
    public static void until(Supplier<String> what, BooleanSupplier condition, Duration patience) {
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
}
