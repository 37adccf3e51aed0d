package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.params.provider.Arguments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared helpers of the semantics suite: workers running a blocking call on a thread of a given kind, a way to wait
 * until such a worker is parked inside the channel, and a recording {@code onUndeliveredElement} handler.
 * Abstract, so JUnit does not run it by itself.
 */
abstract class AbstractChannelTest {

    /** Upper bound for anything we wait on; generous because the machine is small and loaded. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Something that runs on a worker thread and may throw anything. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws Exception;
    }

    /** A blocking call under way on its own thread, with its outcome. */
    static final class Worker<T> {
        final Thread thread;
        private final AtomicReference<Object> outcome = new AtomicReference<>();
        private volatile boolean done;
        /** The thread's interrupt flag as it was right after the action returned or threw. */
        volatile boolean interruptedAfter;

        private Worker(ThreadKind kind, String name, Action<T> action) {
            this.thread = kind.start(name, () -> {
                Object result;
                try {
                    result = new Box(action.run());
                } catch (Throwable t) {
                    result = t;
                }
                interruptedAfter = Thread.currentThread().isInterrupted();
                outcome.set(result);
                done = true;
            });
        }

        boolean isDone() {
            return done;
        }

        /** Waits until the worker is parked (WAITING or TIMED_WAITING); fails if it ends or does not park in time. */
        Worker<T> awaitBlocked() {
            awaitParked(thread, this::isDone);
            return this;
        }

        /** Waits for the worker to end and returns what its action returned; fails if it threw. */
        T join() {
            Object o = finish();
            if (o instanceof Box box) {
                @SuppressWarnings("unchecked")
                T value = (T) box.value;
                return value;
            }
            throw new AssertionError("worker " + thread.getName() + " threw " + o, (Throwable) o);
        }

        /** Waits for the worker to end and returns what it threw; fails if it returned normally. */
        Throwable joinThrown() {
            Object o = finish();
            if (o instanceof Throwable t) {
                return t;
            }
            throw new AssertionError("worker " + thread.getName() + " returned " + ((Box) o).value + " instead of throwing");
        }

        /** Waits for the worker to end and checks that it threw an exception of {@code type}, which it returns. */
        <X extends Throwable> X joinThrown(Class<X> type) {
            Throwable t = joinThrown();
            if (!type.isInstance(t)) {
                throw new AssertionError("worker " + thread.getName() + " threw " + t + ", expected " + type.getName(), t);
            }
            return type.cast(t);
        }

        private Object finish() {
            try {
                if (!thread.join(PATIENCE)) {
                    fail("worker " + thread.getName() + " did not finish within " + PATIENCE + "; state "
                            + thread.getState() + ", stack " + Arrays.toString(thread.getStackTrace()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining", e);
            }
            return outcome.get();
        }
    }

    private record Box(Object value) {
    }

    /** Starts {@code action} on a new thread of {@code kind}. */
    static <T> Worker<T> start(ThreadKind kind, String name, Action<T> action) {
        return new Worker<>(kind, name, action);
    }

    /** Starts {@code action} on a new thread of {@code kind}, which then parks in the channel; waits for that. */
    static <T> Worker<T> startBlocked(ThreadKind kind, String name, Action<T> action) {
        return start(kind, name, action).awaitBlocked();
    }

    /** Starts a sender of {@code element} and waits until it is parked inside {@code send}. */
    static <E> Worker<Void> blockedSender(ThreadKind kind, SendChannel<E> channel, E element) {
        return startBlocked(kind, "sender-" + element, () -> {
            channel.send(element);
            return null;
        });
    }

    /** Starts a receiver and waits until it is parked inside {@code receive}. */
    static <E> Worker<E> blockedReceiver(ThreadKind kind, ReceiveChannel<E> channel) {
        return startBlocked(kind, "receiver", channel::receive);
    }

    /** Polls until {@code thread} is parked; fails if {@code gaveUp} becomes true or it takes too long. */
    static void awaitParked(Thread thread, BooleanSupplier gaveUp) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (gaveUp.getAsBoolean() || state == Thread.State.TERMINATED) {
                fail("thread " + thread.getName() + " ended instead of blocking");
            }
            if (System.nanoTime() - deadline > 0) {
                fail("thread " + thread.getName() + " did not block within " + PATIENCE + "; state " + state
                        + ", stack " + Arrays.toString(thread.getStackTrace()));
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Polls until {@code condition} holds; fails after {@link #PATIENCE}. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for: " + what);
            }
            Thread.yield();
        }
    }

    /** A recording {@code onUndeliveredElement} handler. */
    static final class Undelivered<E> implements java.util.function.Consumer<E> {
        private final List<E> elements = new ArrayList<>();

        @Override
        public synchronized void accept(E e) {
            elements.add(e);
        }

        synchronized List<E> list() {
            return new ArrayList<>(elements);
        }

        synchronized int size() {
            return elements.size();
        }

        void assertNone() {
            assertEquals(List.of(), list(), "no element should have gone to onUndeliveredElement");
        }
    }

    /** An exception type of our own, to recognise causes. */
    static final class TestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TestException(String message) {
            super(message);
        }
    }

    /** Every channel kind on both kinds of thread. */
    static Stream<Arguments> kindsAndThreads() {
        List<Arguments> list = new ArrayList<>();
        for (ChannelKind c : ChannelKind.values()) {
            for (ThreadKind t : ThreadKind.values()) {
                list.add(Arguments.of(c, t));
            }
        }
        return list.stream();
    }

    /** Kinds whose send can block, on both kinds of thread. */
    static Stream<Arguments> blockingKindsAndThreads() {
        return kindsAndThreads().filter(a -> ((ChannelKind) a.get()[0]).sendMayBlock());
    }

    /** Fills a channel whose send may block until a {@code trySend} fails; returns how many went in. */
    static int fill(Channel<Integer> channel, int firstValue) {
        int n = 0;
        while (channel.trySend(firstValue + n).isSuccess()) {
            n++;
            if (n > 100_000) {
                fail("channel never got full");
            }
        }
        return n;
    }

    /** Calls {@code action} with the interrupt flag set, and clears the flag afterwards whatever happened. */
    static <T> T withInterruptFlag(Action<T> action) throws Exception {
        Thread.currentThread().interrupt();
        try {
            return action.run();
        } finally {
            Thread.interrupted();
        }
    }

    /** Asserts that {@code t} is a CancellationException, possibly carrying {@code cause}. */
    static void assertCancellation(Throwable t, Throwable cause) {
        java.util.concurrent.CancellationException ce = assertInstanceOf(java.util.concurrent.CancellationException.class, t);
        if (cause != null) {
            assertEquals(cause, ce.getCause(), "the CancellationException should carry the cancel cause");
        }
    }
}
