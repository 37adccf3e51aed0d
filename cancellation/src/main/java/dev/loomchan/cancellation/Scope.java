package dev.loomchan.cancellation;

import dev.loomchan.Channel;
import dev.loomchan.ReceiveChannel;
import dev.loomchan.SendChannel;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A structured-concurrency scope on virtual threads, as Kotlin's {@code coroutineScope} and {@code supervisorScope}:
 * {@link #run} (or {@link #supervised}) runs a body on the calling thread, the body {@link #fork}s tasks onto virtual
 * threads, and the call returns only when every one of them has finished and its thread has terminated.
 *
 * <p>Cancellation is interruption. Cancelling a scope ({@link #cancel()}, or a failure) interrupts every running fork
 * and the body, runs the {@linkplain #invokeOnCancellation cancellation hooks} and lets nothing new start; a fork
 * forked into a cancelled scope is cancelled before it runs. A scope nested in a fork is cancelled through that
 * fork's interrupt: its body throws {@link InterruptedException}, which cancels its own forks, waits for them and
 * rethrows, so children always finish before their parents.
 *
 * <p>How {@code run} ends, once everything has finished:
 * <ol>
 *   <li>if the body or, in an ordinary scope, a fork failed, it throws the first failure with the later ones added as
 *       {@linkplain Throwable#getSuppressed() suppressed}; an {@link InterruptedException} the body threw because the
 *       scope interrupted it is not a failure;</li>
 *   <li>otherwise, if the scope was cancelled, it throws {@link CancellationException};</li>
 *   <li>otherwise, if the calling thread was interrupted from outside while it waited for the forks, it throws
 *       {@link InterruptedException} (the forks were cancelled first);</li>
 *   <li>otherwise it returns the body's value.</li>
 * </ol>
 * The interrupt the scope sends its body never survives the call; an interrupt from anyone else is never swallowed
 * (it is thrown as {@code InterruptedException} or left set on the thread).
 */
public final class Scope {

    private final boolean supervised;
    private final LiveForks forks;
    private final Failures failures = new Failures();
    private final CancellationHooks hooks = new CancellationHooks();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile InterruptFrame bodyFrame;

    private Scope(boolean supervised, Thread owner) {
        this.supervised = supervised;
        this.forks = new LiveForks(owner);
    }

    /**
     * Runs {@code body} in a new scope in which any failure, of the body or of a fork, cancels everything else.
     *
     * @return the body's value, once every fork has finished
     * @throws CancellationException if the scope was cancelled (and nothing failed)
     * @throws InterruptedException if the calling thread was interrupted from outside
     * @throws NullPointerException if {@code body} is null
     * @throws Exception the first failure, with the later ones suppressed
     */
    public static <T> T run(ScopeBody<? extends T> body) throws Exception {
        return new Scope(false, Thread.currentThread()).execute(body);
    }

    /**
     * Runs {@code body} in a new supervised scope: a failing fork does not cancel its siblings or the body; its failure
     * is kept for {@link Fork#join()} and does not make this call throw. A failing body still cancels every fork.
     *
     * @see #run
     */
    public static <T> T supervised(ScopeBody<? extends T> body) throws Exception {
        return new Scope(true, Thread.currentThread()).execute(body);
    }

    /**
     * Starts {@code task} on a new virtual thread in this scope. May be called from the body, from a fork, or from any
     * thread while the scope is still running.
     *
     * @throws IllegalStateException if the scope has finished
     * @throws NullPointerException if {@code task} is null
     */
    public <T> Fork<T> fork(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        return fork(task, () -> { });
    }

    private <T> Fork<T> fork(Callable<? extends T> task, Runnable ifNeverRun) {
        if (!forks.admit()) {
            throw new IllegalStateException("cannot fork into a scope that has finished");
        }
        Fork<T> fork = new Fork<>(this, task, ifNeverRun);
        forks.register(fork);
        if (isCancelled()) {
            fork.cancel(); // the cancellation may have missed it; cancelling twice is harmless
        }
        fork.start();
        return fork;
    }

    /**
     * Cancels the scope without a failure: interrupts every fork and the body, and runs the cancellation hooks. The
     * scope still waits for everything to finish; {@link #run} then throws {@link CancellationException} unless
     * something failed. Idempotent; no effect on a finished scope.
     */
    public void cancel() {
        if (!cancelled.compareAndSet(false, true)) {
            return;
        }
        InterruptFrame frame = bodyFrame;
        if (frame != null) {
            frame.fire();
        }
        forks.cancelAll();
        for (Runnable hook : hooks.takeOnCancellation()) {
            runHook(hook);
        }
    }

    /** Whether the scope has been cancelled, by {@link #cancel()} or by a failure. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Whether this is a supervised scope. */
    public boolean isSupervised() {
        return supervised;
    }

    /**
     * Registers {@code hook} to run exactly once when the scope is cancelled, on the cancelling thread, after the
     * forks have been interrupted; hooks run in registration order. If the scope is already cancelled the hook runs
     * now, on this thread. A scope that finishes without being cancelled drops its hooks. A hook that throws fails
     * the scope.
     *
     * @throws IllegalStateException if the scope has finished
     * @throws NullPointerException if {@code hook} is null
     */
    public void invokeOnCancellation(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        if (!hooks.add(hook)) {
            runHook(hook);
        }
    }

    /**
     * Starts a producer in this scope, as Kotlin's {@code produce}: {@code body} sends into a new channel of the given
     * capacity (see {@link Channel#create(int)}), which is closed when the body returns and closed with the failure
     * when it throws. A producer that is cancelled (it throws {@link InterruptedException} or
     * {@link CancellationException}, or is cancelled before it starts) cancels the channel instead, so that its
     * consumers are cancelled rather than failed; buffered elements then go to {@code onUndeliveredElement}.
     * Cancelling the returned channel also cancels the producer (its thread is interrupted).
     *
     * @throws IllegalArgumentException if {@code capacity} is invalid
     * @throws IllegalStateException if the scope has finished
     */
    public <E> ReceiveChannel<E> produce(int capacity, ProducerBody<E> body) {
        Objects.requireNonNull(body, "body");
        return produce(Channel.<E>create(capacity), body);
    }

    /**
     * {@link #produce(int, ProducerBody)} into a channel of the caller's making (for an {@code onUndeliveredElement}
     * handler, an overflow policy or a name). The producer owns the channel: it closes it.
     */
    public <E> ReceiveChannel<E> produce(Channel<E> channel, ProducerBody<E> body) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        Fork<Void> producer = fork(() -> {
            try {
                body.produce(channel);
            } catch (Throwable t) {
                if (Throwables.isCancellationSignal(t)) {
                    channel.cancel(t); // its consumers are cancelled too, not failed
                } else {
                    channel.close(t);
                }
                throw Throwables.rethrow(t);
            }
            channel.close();
            return null;
        }, channel::cancel);
        return new ProducedChannel<>(channel, producer);
    }

    /**
     * Starts an actor in this scope, as Kotlin's {@code actor}: {@code body} receives from a new inbox of the given
     * capacity, and the caller sends to it through the returned channel. When the body ends, the inbox is closed (with
     * the failure, if the body threw) and then cancelled, as Kotlin does, so that messages nobody will receive go to
     * the inbox's {@code onUndeliveredElement}: later sends throw {@link CancellationException} whose cause is the
     * actor's failure, if any.
     *
     * @throws IllegalArgumentException if {@code capacity} is invalid
     * @throws IllegalStateException if the scope has finished
     */
    public <E> SendChannel<E> actor(int capacity, ActorBody<E> body) {
        Objects.requireNonNull(body, "body");
        return actor(Channel.<E>create(capacity), body);
    }

    /** {@link #actor(int, ActorBody)} with an inbox of the caller's making; the actor owns it. */
    public <E> SendChannel<E> actor(Channel<E> inbox, ActorBody<E> body) {
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(body, "body");
        fork(() -> {
            try {
                body.act(inbox);
            } catch (Throwable t) {
                inbox.close(t);
                inbox.cancel();
                throw Throwables.rethrow(t);
            }
            inbox.close();
            inbox.cancel();
            return null;
        }, inbox::cancel);
        return new ActorInbox<>(inbox);
    }

    @Override
    public String toString() {
        return (supervised ? "SupervisedScope[" : "Scope[") + (isCancelled() ? "cancelled" : "active") + "]";
    }

    /** Called by each fork's thread as its last act, with the failure it ended with, or {@code null}. */
    void forkFinished(Fork<?> fork, Throwable failure) {
        if (failure != null && !supervised) {
            fail(failure);
        }
        forks.forkFinished(fork);
    }

    private <T> T execute(ScopeBody<? extends T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        InterruptFrame frame = InterruptFrame.enter();
        bodyFrame = frame;
        T value = null;
        Throwable bodyFailure = null;
        try {
            value = body.run(this);
        } catch (Throwable t) {
            bodyFailure = t;
        }
        InterruptFrame.Verdict verdict = frame.exit(bodyFailure instanceof InterruptedException);
        boolean interruptedFromOutside = verdict == InterruptFrame.Verdict.FIRED_AND_INTERRUPTED_ELSEWHERE;
        if (bodyFailure != null) {
            boolean causedByOwnCancellation = verdict == InterruptFrame.Verdict.FIRED
                    && Throwables.isCancellationSignal(bodyFailure);
            if (bodyFailure instanceof CancellationException) {
                cancel(); // Kotlin's rule: a body that throws a cancellation cancels its scope, it does not fail it
            } else if (!causedByOwnCancellation) {
                interruptedFromOutside |= bodyFailure instanceof InterruptedException;
                fail(bodyFailure);
            }
        }
        forks.bodyFinished();
        boolean interruptedWhileWaiting = forks.awaitAll(this::cancel);
        hooks.finish();
        return outcome(value, interruptedFromOutside, interruptedWhileWaiting);
    }

    private <T> T outcome(T value, boolean interruptedFromOutside, boolean interruptedWhileWaiting) throws Exception {
        Throwable failure = failures.combined();
        Exception toThrow;
        if (failure != null) {
            toThrow = Throwables.rethrow(failure);
        } else if (isCancelled() && !interruptedWhileWaiting) {
            toThrow = new CancellationException("the scope was cancelled");
        } else if (interruptedWhileWaiting) {
            toThrow = new InterruptedException("interrupted while waiting for the scope's forks, which were cancelled");
        } else {
            return value;
        }
        if ((interruptedFromOutside || interruptedWhileWaiting) && !(toThrow instanceof InterruptedException)) {
            Thread.currentThread().interrupt(); // someone else's interrupt: not ours to swallow
        }
        throw toThrow;
    }

    private void fail(Throwable failure) {
        failures.add(failure);
        cancel();
    }

    private void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (Throwable t) {
            failures.add(t);
        }
    }
}
