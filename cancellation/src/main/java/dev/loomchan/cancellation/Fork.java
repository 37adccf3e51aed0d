package dev.loomchan.cancellation;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * A task forked into a {@link Scope}, running on its own virtual thread: Kotlin's {@code Deferred}/{@code Job} of a
 * child coroutine.
 *
 * <p>A fork ends in one of three ways. It <em>succeeds</em> with the task's value. It is <em>cancelled</em> if it was
 * cancelled ({@link #cancel()} or the scope's cancellation) before it finished and did not fail otherwise, or if the
 * task threw {@link CancellationException} (Kotlin's rule: a cancellation is not a failure). It <em>fails</em> if the
 * task threw anything else, an {@link InterruptedException} it was not cancelled for included; in an ordinary scope
 * the failure cancels the scope, in a supervised one it is only kept for {@link #join()}.
 *
 * @param <T> the task's result
 */
public final class Fork<T> {

    private static final Object CANCELLED = new Object();

    private final Scope scope;
    private final Callable<? extends T> task;
    private final Thread thread;
    /** Runs instead of the task if the fork is cancelled before it starts (a producer closes its channel). */
    private final Runnable ifNeverRun;
    private volatile boolean cancelRequested;
    /** {@code null} while running, then the value wrapped in a {@link Value}, a {@link Failure} or {@link #CANCELLED}. */
    private volatile Object outcome;

    Fork(Scope scope, Callable<? extends T> task, Runnable ifNeverRun) {
        this.scope = scope;
        this.task = task;
        this.ifNeverRun = ifNeverRun;
        this.thread = Thread.ofVirtual().unstarted(this::runTask);
    }

    void start() {
        thread.start();
    }

    /**
     * Waits for the fork to finish (its thread has terminated when this returns) and returns its value.
     *
     * @throws CancellationException if the fork was cancelled
     * @throws ExecutionException if the task failed, with the failure as cause
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalStateException if called from the fork's own thread
     */
    public T join() throws InterruptedException, ExecutionException {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a fork cannot join itself");
        }
        thread.join();
        Object result = outcome;
        if (result == CANCELLED) {
            throw new CancellationException("the fork was cancelled");
        }
        if (result instanceof Failure failure) {
            throw new ExecutionException(failure.cause);
        }
        @SuppressWarnings("unchecked")
        T value = ((Value<T>) result).value;
        return value;
    }

    /**
     * Cancels this fork alone: interrupts its thread (a task that has not started yet never runs). The scope is not
     * cancelled. No effect on a fork that has finished; does not wait.
     */
    public void cancel() {
        if (outcome != null) {
            return;
        }
        cancelRequested = true;
        thread.interrupt();
    }

    /** Whether the fork has finished: succeeded, failed or was cancelled. */
    public boolean isDone() {
        return outcome != null;
    }

    /** Whether the fork finished cancelled. */
    public boolean isCancelled() {
        return outcome == CANCELLED;
    }

    @Override
    public String toString() {
        Object result = outcome;
        String state = result == null ? "running" : result == CANCELLED ? "cancelled"
                : result instanceof Failure ? "failed" : "succeeded";
        return "Fork[" + state + "]";
    }

    private void runTask() {
        Object result;
        if (cancelRequested) {
            result = CANCELLED;
            try {
                ifNeverRun.run();
            } catch (Throwable t) {
                result = new Failure(t);
            }
        } else {
            try {
                T value = task.call();
                result = cancelRequested ? CANCELLED : new Value<>(value);
            } catch (Throwable t) {
                boolean cancelled = t instanceof CancellationException
                        || (cancelRequested && t instanceof InterruptedException);
                result = cancelled ? CANCELLED : new Failure(t);
            }
        }
        outcome = result;
        scope.forkFinished(this, result instanceof Failure failure ? failure.cause : null);
    }

    private record Value<T>(T value) {
    }

    private record Failure(Throwable cause) {
    }
}
