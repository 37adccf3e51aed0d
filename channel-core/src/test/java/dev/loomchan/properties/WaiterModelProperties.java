package dev.loomchan.properties;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static dev.loomchan.properties.SequentialModelProperties.describeReceive;
import static dev.loomchan.properties.SequentialModelProperties.describeSend;
import static dev.loomchan.properties.SequentialModelProperties.describeThrown;
import static dev.loomchan.reliability.Threads.awaitUntil;

/**
 * Like {@link SequentialModelProperties}, but blocking sends and receives are allowed: each one runs on a helper
 * thread, and the test waits until that thread is parked before going on, so the order of waiters is known. The model
 * keeps FIFO queues of waiting senders and receivers besides the buffer, and predicts when and how each waiter is
 * released: handed an element, its element taken, interrupted, closed or cancelled.
 *
 * <p>After every step, every waiter the model released must have finished with the predicted result, every waiter
 * still waiting in the model must still be blocked, and the elements handed to onUndeliveredElement must match.
 */
class WaiterModelProperties {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    enum Op {
        TRY_SEND, SEND, TIMED_SEND, TRY_RECEIVE, RECEIVE, TIMED_RECEIVE, INTERRUPT_SENDER, INTERRUPT_RECEIVER,
        CLOSE, CLOSE_WITH_CAUSE, CANCEL, IS_EMPTY, IS_CLOSED_FOR_RECEIVE
    }

    record Step(Op op, int index) {
        @Override
        public String toString() {
            return op == Op.INTERRUPT_SENDER || op == Op.INTERRUPT_RECEIVER ? op + "[" + index + "]" : op.toString();
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        @SuppressWarnings("unchecked")
        Arbitrary<Op> op = Arbitraries.frequency(
                Tuple.of(8, Op.TRY_SEND),
                Tuple.of(8, Op.SEND),
                Tuple.of(6, Op.TRY_RECEIVE),
                Tuple.of(8, Op.RECEIVE),
                Tuple.of(2, Op.TIMED_SEND),
                Tuple.of(2, Op.TIMED_RECEIVE),
                Tuple.of(3, Op.INTERRUPT_SENDER),
                Tuple.of(3, Op.INTERRUPT_RECEIVER),
                Tuple.of(1, Op.CLOSE),
                Tuple.of(1, Op.CLOSE_WITH_CAUSE),
                Tuple.of(1, Op.CANCEL),
                Tuple.of(2, Op.IS_EMPTY),
                Tuple.of(2, Op.IS_CLOSED_FOR_RECEIVE));
        return Combinators.combine(op, Arbitraries.integers().between(0, 3)).as(Step::new)
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<ChannelKind> kinds() {
        // Small buffers, so that senders wait too; the rest never wait to send.
        return Arbitraries.of(ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1, ChannelKind.BUFFERED_2,
                ChannelKind.UNLIMITED, ChannelKind.CONFLATED, ChannelKind.DROP_OLDEST, ChannelKind.DROP_LATEST);
    }

    /** A blocking call on a helper thread. */
    static final class Waiter {
        final String name;
        final int value; // the element of a sender
        Thread thread;
        volatile String result;
        SequentialModelProperties.Expect expected; // set by the model when it releases the waiter
        boolean checked;

        Waiter(String name, int value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Property(tries = 300)
    void waitersAreReleasedAsTheModelSays(@ForAll("kinds") ChannelKind kind, @ForAll ThreadKind threads,
                                          @ForAll("steps") List<Step> steps) throws InterruptedException {
        ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = kind.create(undelivered::add);
        Model model = new Model(kind);
        List<Waiter> all = new ArrayList<>();
        List<String> history = new ArrayList<>();
        int nextValue = 1;
        try {
            for (Step step : steps) {
                String actual = null;
                SequentialModelProperties.Expect expected = null;
                switch (step.op()) {
                    case TRY_SEND -> {
                        int v = nextValue++;
                        expected = model.trySend(v);
                        actual = describeSend(ch.trySend(v));
                        history.add("trySend(" + v + ") -> " + actual);
                    }
                    case TIMED_SEND -> {
                        int v = nextValue++;
                        expected = model.timedSend(v);
                        try {
                            actual = String.valueOf(ch.send(v, Duration.ofMillis(1)));
                        } catch (Throwable t) {
                            actual = describeThrown(t);
                        }
                        history.add("send(" + v + ", 1ms) -> " + actual);
                    }
                    case TIMED_RECEIVE -> {
                        expected = model.timedReceive();
                        try {
                            Integer got = ch.receive(Duration.ofMillis(1));
                            actual = got == null ? "null" : "value(" + got + ")";
                        } catch (Throwable t) {
                            actual = describeThrown(t);
                        }
                        history.add("receive(1ms) -> " + actual);
                    }
                    case TRY_RECEIVE -> {
                        expected = model.tryReceive();
                        actual = describeReceive(ch.tryReceive());
                        history.add("tryReceive -> " + actual);
                    }
                    case SEND -> {
                        int v = nextValue++;
                        Waiter w = new Waiter("sender(" + v + ")", v);
                        all.add(w);
                        history.add("send(" + v + ") on a thread");
                        boolean waits = model.send(w);
                        start(threads, w, () -> {
                            try {
                                ch.send(v);
                                w.result = "returned";
                            } catch (Throwable t) {
                                w.result = describeThrown(t);
                            }
                        });
                        if (waits) {
                            awaitParked(w, ch, history);
                        }
                    }
                    case RECEIVE -> {
                        Waiter w = new Waiter("receiver#" + all.size(), 0);
                        all.add(w);
                        history.add("receive on a thread (" + w + ")");
                        boolean waits = model.receive(w);
                        start(threads, w, () -> {
                            try {
                                w.result = "value(" + ch.receive() + ")";
                            } catch (Throwable t) {
                                w.result = describeThrown(t);
                            }
                        });
                        if (waits) {
                            awaitParked(w, ch, history);
                        }
                    }
                    case INTERRUPT_SENDER, INTERRUPT_RECEIVER -> {
                        Deque<Waiter> queue = step.op() == Op.INTERRUPT_SENDER ? model.senders : model.receivers;
                        if (queue.isEmpty()) {
                            history.add(step + " skipped (nobody waits)");
                            continue;
                        }
                        Waiter w = new ArrayList<>(queue).get(step.index() % queue.size());
                        model.interrupt(w);
                        w.thread.interrupt();
                        history.add("interrupt " + w);
                    }
                    case CLOSE -> {
                        expected = model.close("-");
                        actual = String.valueOf(ch.close());
                        history.add("close -> " + actual);
                    }
                    case CLOSE_WITH_CAUSE -> {
                        expected = model.close("cause#1");
                        actual = String.valueOf(ch.close(new RuntimeException("cause#1")));
                        history.add("close(cause#1) -> " + actual);
                    }
                    case CANCEL -> {
                        model.cancel();
                        ch.cancel();
                        history.add("cancel");
                    }
                    case IS_EMPTY -> {
                        expected = SequentialModelProperties.Expect.of(String.valueOf(model.isEmpty()));
                        actual = String.valueOf(ch.isEmpty());
                        history.add("isEmpty -> " + actual);
                    }
                    case IS_CLOSED_FOR_RECEIVE -> {
                        expected = SequentialModelProperties.Expect.of(String.valueOf(model.closedForReceive()));
                        actual = String.valueOf(ch.isClosedForReceive());
                        history.add("isClosedForReceive -> " + actual);
                    }
                }
                if (expected != null && !expected.accepts(actual)) {
                    throw failure(kind, threads, history, ch, "got " + actual + ", model expected " + expected);
                }
                checkWaiters(all, kind, threads, history, ch);
                checkUndelivered(undelivered, model, kind, threads, history, ch);
            }
            long parked = history.stream().filter(h -> h.startsWith("  ") && !h.contains("did not wait")).count();
            net.jqwik.api.statistics.Statistics.label("waiters released").collect(
                    parked == 0 ? "0" : parked < 4 ? "1-3" : "4+");
            // The end: a cancel releases everyone left.
            model.cancel();
            ch.cancel();
            history.add("final cancel");
            checkWaiters(all, kind, threads, history, ch);
            checkUndelivered(undelivered, model, kind, threads, history, ch);
        } finally {
            ch.cancel();
            for (Waiter w : all) {
                if (w.thread != null && w.thread.isAlive()) {
                    w.thread.interrupt();
                }
            }
        }
    }

    private static void start(ThreadKind threads, Waiter w, Runnable body) {
        w.thread = threads.start(w.name, body);
    }

    private static void awaitParked(Waiter w, Channel<?> ch, List<String> history) {
        Thread.State[] seen = new Thread.State[1];
        awaitUntil(() -> w + " neither parked nor finished: " + seen[0] + "\n" + ch.debugString(), () -> {
            seen[0] = w.thread.getState();
            return seen[0] == Thread.State.WAITING || seen[0] == Thread.State.TERMINATED;
        }, Duration.ofNanos(WAIT_NANOS));
        if (seen[0] == Thread.State.TERMINATED) {
            // It did not wait; checkWaiters reports the result it got instead.
            history.add("  (" + w + " did not wait: " + w.result + ")");
        }
    }

    private static void checkWaiters(List<Waiter> all, ChannelKind kind, ThreadKind threads, List<String> history,
                                     Channel<?> ch) throws InterruptedException {
        for (Waiter w : all) {
            if (w.checked) {
                continue;
            }
            if (w.expected != null) {
                if (!w.thread.join(Duration.ofNanos(WAIT_NANOS))) {
                    throw failure(kind, threads, history, ch, w + " should have been released with " + w.expected
                            + " but is still " + w.thread.getState());
                }
                if (!w.expected.accepts(w.result)) {
                    throw failure(kind, threads, history, ch, w + " ended with " + w.result + ", model expected "
                            + w.expected);
                }
                history.add("  " + w + " -> " + w.result);
                w.checked = true;
            } else if (!w.thread.isAlive()) {
                throw failure(kind, threads, history, ch, w + " should still be waiting, but ended with " + w.result);
            }
        }
    }

    private static void checkUndelivered(ConcurrentLinkedQueue<Integer> undelivered, Model model, ChannelKind kind,
                                         ThreadKind threads, List<String> history, Channel<?> ch) {
        List<Integer> real = new ArrayList<>(undelivered);
        List<Integer> expected = new ArrayList<>(model.undelivered);
        Collections.sort(real);
        Collections.sort(expected);
        if (!real.equals(expected)) {
            throw failure(kind, threads, history, ch, "onUndeliveredElement got " + real + ", model expected " + expected);
        }
    }

    private static AssertionError failure(ChannelKind kind, ThreadKind threads, List<String> history, Channel<?> ch,
                                          String message) {
        String dump;
        try {
            dump = ch.debugString();
        } catch (Throwable t) {
            dump = "debugString failed: " + t;
        }
        return new AssertionError(kind + " on " + threads + " threads: " + message + "\nhistory:\n  "
                + String.join("\n  ", history) + "\nchannel:\n" + dump);
    }

    // --------------------------------------------------------------------------------------------------- the model

    static final class Model {
        final int capacity;
        final BufferOverflow policy;
        final Deque<Integer> buffer = new ArrayDeque<>();
        final Deque<Waiter> senders = new ArrayDeque<>();
        final Deque<Waiter> receivers = new ArrayDeque<>();
        final List<Integer> undelivered = new ArrayList<>();
        boolean closed;
        boolean cancelled;
        String closeTag = "-";

        Model(ChannelKind kind) {
            if (kind.capacity == Channel.CONFLATED) {
                capacity = 1;
                policy = BufferOverflow.DROP_OLDEST;
            } else {
                capacity = kind.capacity;
                policy = kind.capacity == Channel.UNLIMITED ? BufferOverflow.SUSPEND : kind.overflow;
            }
        }

        private boolean hasRoom() {
            return capacity == Channel.UNLIMITED || buffer.size() < capacity;
        }

        boolean closedForReceive() {
            return cancelled || (closed && buffer.isEmpty() && senders.isEmpty());
        }

        boolean isEmpty() {
            return buffer.isEmpty() && senders.isEmpty() && !closedForReceive();
        }

        private static SequentialModelProperties.Expect exact(String s) {
            return SequentialModelProperties.Expect.of(s);
        }

        /** Offers to an open channel; false when the sender would have to wait. */
        private boolean offer(int v) {
            Waiter r = receivers.pollFirst();
            if (r != null) {
                r.expected = exact("value(" + v + ")");
                return true;
            }
            if (hasRoom()) {
                buffer.addLast(v);
                return true;
            }
            switch (policy) {
                case DROP_OLDEST -> {
                    undelivered.add(buffer.pollFirst());
                    buffer.addLast(v);
                    return true;
                }
                case DROP_LATEST -> {
                    undelivered.add(v);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        /** Takes the next element, releasing the oldest waiting sender; null when there is none. */
        private Integer take() {
            Integer v = buffer.pollFirst();
            Waiter s = senders.pollFirst();
            if (s != null) {
                s.expected = exact("returned");
                if (v == null) {
                    return s.value; // rendezvous: straight from the sender
                }
                buffer.addLast(s.value);
            }
            return v;
        }

        SequentialModelProperties.Expect trySend(int v) {
            if (closed) {
                return cancelled ? SequentialModelProperties.Expect.of("closed[" + closeTag + "]", "closed[-]")
                        : exact("closed[" + closeTag + "]");
            }
            return exact(offer(v) ? "success" : "failure");
        }

        SequentialModelProperties.Expect tryReceive() {
            if (!cancelled) {
                Integer v = take();
                if (v != null) {
                    return exact("value(" + v + ")");
                }
            }
            if (closed) {
                return cancelled ? SequentialModelProperties.Expect.of("closed[" + closeTag + "]", "closed[-]")
                        : exact("closed[" + closeTag + "]");
            }
            return exact("failure");
        }

        /** send(v, timeout): a send that would wait times out, keeping its element. */
        SequentialModelProperties.Expect timedSend(int v) {
            Waiter w = new Waiter("timed", v);
            if (send(w)) {
                senders.removeLast();
                return exact("false");
            }
            return w.expected.accepts("returned") ? exact("true") : w.expected;
        }

        /** receive(timeout): a receive that would wait times out with null. */
        SequentialModelProperties.Expect timedReceive() {
            Waiter w = new Waiter("timed", 0);
            if (receive(w)) {
                receivers.removeLast();
                return exact("null");
            }
            return w.expected;
        }

        /** A blocking send; true when it waits. */
        boolean send(Waiter w) {
            if (closed) {
                undelivered.add(w.value);
                w.expected = cancelled ? SequentialModelProperties.Expect.of("threw Cancellation[-]",
                        "threw Cancellation[" + closeTag + "]", "threw ClosedSend[" + closeTag + "]")
                        : exact("threw ClosedSend[" + closeTag + "]");
                return false;
            }
            if (offer(w.value)) {
                w.expected = exact("returned");
                return false;
            }
            senders.addLast(w);
            return true;
        }

        /** A blocking receive; true when it waits. */
        boolean receive(Waiter w) {
            if (cancelled) {
                w.expected = SequentialModelProperties.Expect.of("threw Cancellation[-]",
                        "threw Cancellation[" + closeTag + "]", "threw ClosedReceive[" + closeTag + "]");
                return false;
            }
            Integer v = take();
            if (v != null) {
                w.expected = exact("value(" + v + ")");
                return false;
            }
            if (closed) {
                w.expected = exact("threw ClosedReceive[" + closeTag + "]");
                return false;
            }
            receivers.addLast(w);
            return true;
        }

        void interrupt(Waiter w) {
            w.expected = exact("threw Interrupted[-]");
            if (senders.remove(w)) {
                undelivered.add(w.value);
            } else if (!receivers.remove(w)) {
                throw new AssertionError("not waiting: " + w);
            }
        }

        SequentialModelProperties.Expect close(String tag) {
            if (closed) {
                return exact("false");
            }
            closed = true;
            closeTag = tag;
            for (Waiter r : receivers) {
                r.expected = exact("threw ClosedReceive[" + tag + "]");
            }
            receivers.clear();
            return exact("true");
        }

        void cancel() {
            if (cancelled) {
                return;
            }
            boolean wasClosed = closed;
            cancelled = true;
            closed = true;
            undelivered.addAll(buffer);
            buffer.clear();
            for (Waiter s : senders) {
                undelivered.add(s.value);
                // Senders still waiting after a close may see either the close or the cancel.
                s.expected = wasClosed ? SequentialModelProperties.Expect.of("threw Cancellation[-]",
                        "threw Cancellation[" + closeTag + "]", "threw ClosedSend[" + closeTag + "]")
                        : exact("threw Cancellation[-]");
            }
            senders.clear();
            for (Waiter r : receivers) {
                r.expected = exact("threw Cancellation[-]");
            }
            receivers.clear();
        }
    }
}
