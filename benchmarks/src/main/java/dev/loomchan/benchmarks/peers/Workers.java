package dev.loomchan.benchmarks.peers;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the threads of one benchmark invocation, waits for all of them, and adds up what they return. A worker that
 * throws interrupts the others (whose partners may now never come) and fails the whole invocation once every thread
 * has finished, so a broken peer can neither pass for a fast one nor hang the run.
 */
final class Workers {

    /** The body of one worker thread; returns its part of the invocation's checksum. */
    @FunctionalInterface
    interface Task {
        long run() throws InterruptedException;
    }

    private final Thread.Builder threads;
    private final Queue<Thread> started = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong sum = new AtomicLong();

    /** @param threads {@code Thread.ofVirtual()} for the parking peers, {@code Thread.ofPlatform()} for the spinners */
    Workers(Thread.Builder threads) {
        this.threads = threads;
    }

    /** Starts {@code task} on a new thread. */
    void start(Task task) {
        started.add(threads.start(() -> {
            try {
                sum.addAndGet(task.run()); // once per thread, after its loop
            } catch (Throwable t) {
                if (failure.compareAndSet(null, t)) {
                    interruptAll();
                }
            }
        }));
    }

    /** Waits for every started thread and returns the sum of their results; rethrows the first failure. */
    long joinAll() throws InterruptedException {
        if (failure.get() != null) {
            interruptAll(); // a worker failed while others were still being started
        }
        for (Thread thread : started) {
            thread.join();
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a benchmark thread failed", t);
        }
        return sum.get();
    }

    private void interruptAll() {
        for (Thread thread : started) {
            thread.interrupt();
        }
    }
}
