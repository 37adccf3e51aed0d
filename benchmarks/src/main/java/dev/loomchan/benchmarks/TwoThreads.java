package dev.loomchan.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the two sides of a one-to-one shape on two threads (virtual unless told otherwise), waits for both, and returns what the second side
 * computed (a checksum). A failure on either side fails the invocation, so a benchmark never reports a number for a
 * run that lost or duplicated elements.
 */
final class TwoThreads {
    private TwoThreads() {
    }

    @FunctionalInterface
    interface Side {
        void run() throws InterruptedException;
    }

    @FunctionalInterface
    interface CheckedSide {
        long run() throws InterruptedException;
    }

    /** Starts {@code first}, then {@code second}; returns {@code second}'s result once both have ended. */
    static long run(String shape, Side first, CheckedSide second) throws InterruptedException {
        return run(shape, Thread.ofVirtual(), first, second);
    }

    /** {@link #run(String, Side, CheckedSide)} on threads of {@code kind} (virtual or platform). */
    static long run(String shape, Thread.Builder kind, Side first, CheckedSide second) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong result = new AtomicLong();
        Thread a = kind.start(() -> {
            try {
                first.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        Thread b = kind.start(() -> {
            try {
                result.set(second.run());
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        a.join();
        b.join();
        if (failure.get() != null) {
            throw new IllegalStateException("a " + shape + " benchmark thread failed", failure.get());
        }
        return result.get();
    }
}
