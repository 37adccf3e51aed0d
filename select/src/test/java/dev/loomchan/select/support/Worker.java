package dev.loomchan.select.support;

import dev.loomchan.Channel;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A call running on a thread of its own, virtual or platform: the selector or the partner of a test scenario. Every
 * wait on it is bounded by {@link ThreadDump#PATIENCE} and fails with the thread's stack when it runs out.
 *
 * @param <T> what the call returns
 */
public final class Worker<T> {
    /** A call that may throw anything. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws Exception;
    }

    /** A call that returns nothing. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final Thread thread;
    /** Written by the worker thread before it ends; read after {@code join}, which orders the accesses. */
    private T value;
    private Throwable thrown;
    private boolean interruptedAfter;

    private Worker(ThreadKind kind, String name, Call<T> call) {
        this.thread = kind.start(name, () -> {
            try {
                value = call.call();
            } catch (Throwable t) {
                thrown = t;
            }
            interruptedAfter = Thread.currentThread().isInterrupted();
        });
    }

    /** Starts {@code call} on a new thread of {@code kind}. */
    public static <T> Worker<T> start(ThreadKind kind, String name, Call<T> call) {
        return new Worker<>(kind, name, call);
    }

    /** Starts {@code action} on a new thread of {@code kind}. */
    public static Worker<Void> run(ThreadKind kind, String name, Action action) {
        return new Worker<>(kind, name, () -> {
            action.run();
            return null;
        });
    }

    /** Starts {@code call} on a new thread of {@code kind} and waits until it parks (in a select, say). */
    public static <T> Worker<T> startParked(ThreadKind kind, String name, Call<T> call) {
        return start(kind, name, call).awaitParked();
    }

    /** The threads of {@code workers}, to join them together. */
    public static List<Thread> threads(List<? extends Worker<?>> workers) {
        return workers.stream().map(Worker::thread).toList();
    }

    /**
     * Ends a run of senders and receivers: waits for the senders, closes {@code channel} so that the receivers see the
     * end, waits for them, and rethrows what any worker threw. Fails with a thread dump if one does not end in time.
     */
    public static void closeAfterSenders(List<Worker<Void>> senders, Channel<?> channel, List<Worker<Void>> receivers)
            throws InterruptedException {
        ThreadDump.joinAll(threads(senders), channel);
        channel.close();
        ThreadDump.joinAll(threads(receivers), channel);
        senders.forEach(Worker::value);
        receivers.forEach(Worker::value);
    }

    public Thread thread() {
        return thread;
    }

    public void interrupt() {
        thread.interrupt();
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Waits until the thread is parked (WAITING or TIMED_WAITING): a select that is parked has registered all its
     * clauses. Fails if the thread ends instead, or does not park within the patience.
     */
    public Worker<T> awaitParked() {
        long deadline = System.nanoTime() + ThreadDump.PATIENCE.toNanos();
        for (;;) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return this;
            }
            if (state == Thread.State.TERMINATED) {
                join();
                fail(thread.getName() + " ended instead of waiting: " + describeOutcome());
            }
            if (System.nanoTime() - deadline > 0) {
                fail(thread.getName() + " did not park in time:" + ThreadDump.of(List.of(thread)));
            }
            Thread.yield();
        }
    }

    /** Waits for the call to end and returns its value; rethrows whatever it threw. */
    public T get() throws Exception {
        join();
        if (thrown instanceof Exception e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        return value;
    }

    /** Waits for the call to end and returns its value; fails if it threw. */
    public T value() {
        join();
        if (thrown != null) {
            throw new AssertionError(thread.getName() + " threw " + thrown, thrown);
        }
        return value;
    }

    /** Waits for the call to end and returns what it threw, checking its type; fails if it returned normally. */
    public <X extends Throwable> X thrown(Class<X> type) {
        join();
        if (!type.isInstance(thrown)) {
            throw new AssertionError(thread.getName() + " should have thrown " + type.getSimpleName() + " but "
                    + describeOutcome(), thrown);
        }
        return type.cast(thrown);
    }

    /** Waits for the call to end; true if the thread's interrupt flag was set when the call ended. */
    public boolean interruptedAfter() {
        join();
        return interruptedAfter;
    }

    /** Waits for the call to end (within the patience, else fails with the thread's stack). */
    public Worker<T> join() {
        try {
            ThreadDump.joinAll(List.of(thread));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while joining " + thread.getName(), e);
        }
        return this;
    }

    private String describeOutcome() {
        return thrown != null ? "threw " + thrown : "returned " + value;
    }
}
