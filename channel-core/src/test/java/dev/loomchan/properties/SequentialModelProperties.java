package dev.loomchan.properties;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.support.ChannelKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sequences of operations, applied on one thread both to a real channel and to a plain sequential model of it
 * (a deque with a capacity and an overflow policy). Only operations that cannot block on one thread are performed:
 * a blocking {@code send}/{@code receive} is skipped when the model says it would wait.
 *
 * <p>After every step the result of the operation, the elements handed to {@code onUndeliveredElement} (as a sorted
 * multiset) and the arguments given to the close handler must match the model.
 */
class SequentialModelProperties {

    enum Op {
        TRY_SEND, SEND, SEND_ZERO_TIMEOUT,
        TRY_RECEIVE, RECEIVE, RECEIVE_CATCHING, RECEIVE_ZERO_TIMEOUT, ITERATOR_NEXT,
        CLOSE, CLOSE_WITH_CAUSE, CANCEL, CANCEL_WITH_CAUSE,
        IS_EMPTY, IS_CLOSED_FOR_SEND, IS_CLOSED_FOR_RECEIVE, INVOKE_ON_CLOSE
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        @SuppressWarnings("unchecked")
        Arbitrary<Op> op = Arbitraries.frequency(
                Tuple.of(14, Op.TRY_SEND),
                Tuple.of(6, Op.SEND),
                Tuple.of(3, Op.SEND_ZERO_TIMEOUT),
                Tuple.of(8, Op.TRY_RECEIVE),
                Tuple.of(4, Op.RECEIVE),
                Tuple.of(3, Op.RECEIVE_CATCHING),
                Tuple.of(3, Op.RECEIVE_ZERO_TIMEOUT),
                Tuple.of(2, Op.ITERATOR_NEXT),
                Tuple.of(1, Op.CLOSE),
                Tuple.of(1, Op.CLOSE_WITH_CAUSE),
                Tuple.of(1, Op.CANCEL),
                Tuple.of(1, Op.CANCEL_WITH_CAUSE),
                Tuple.of(2, Op.IS_EMPTY),
                Tuple.of(1, Op.IS_CLOSED_FOR_SEND),
                Tuple.of(2, Op.IS_CLOSED_FOR_RECEIVE),
                Tuple.of(1, Op.INVOKE_ON_CLOSE));
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 1000)
    void channelBehavesLikeSequentialModel(@ForAll ChannelKind kind, @ForAll("ops") List<Op> ops) {
        ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        List<String> closeHandlerCalls = Collections.synchronizedList(new ArrayList<>());
        Channel<Integer> channel = kind.create(undelivered::add);
        Model model = new Model(kind);
        List<String> history = new ArrayList<>();
        int nextValue = 1;
        int nextCause = 1;
        ChannelIterator<Integer> iterator = null;

        for (Op op : ops) {
            int value = 0;
            Throwable cause = null;
            switch (op) {
                case TRY_SEND, SEND, SEND_ZERO_TIMEOUT -> value = nextValue++;
                case CLOSE_WITH_CAUSE, CANCEL_WITH_CAUSE -> cause = new RuntimeException("cause#" + nextCause++);
                default -> {
                }
            }
            Expect expected;
            String actual;
            if (!model.canRunWithoutBlocking(op)) {
                history.add(op + " skipped (would block)");
                continue;
            }
            expected = model.apply(op, value, cause);
            if (op == Op.ITERATOR_NEXT && iterator == null) {
                iterator = channel.iterator();
            }
            actual = applyReal(channel, op, value, cause, iterator, closeHandlerCalls);
            String step = op + (value != 0 ? "(" + value + ")" : "") + (cause != null ? "(" + cause.getMessage() + ")" : "")
                    + " -> " + actual;
            history.add(step);
            if (!expected.accepts(actual)) {
                fail("kind " + kind + ": step " + history.size() + " " + op + " returned " + actual + ", model expected "
                        + expected + "\nhistory:\n  " + String.join("\n  ", history)
                        + "\nchannel:\n" + channel.debugString());
            }
            List<Integer> realUndelivered = sorted(new ArrayList<>(undelivered));
            List<Integer> modelUndelivered = sorted(model.undelivered);
            if (!realUndelivered.equals(modelUndelivered)) {
                fail("kind " + kind + ": after step " + history.size() + " elements handed to onUndeliveredElement were "
                        + realUndelivered + ", model expected " + modelUndelivered
                        + "\nhistory:\n  " + String.join("\n  ", history) + "\nchannel:\n" + channel.debugString());
            }
            List<String> realCloseCalls = new ArrayList<>(closeHandlerCalls);
            if (realCloseCalls.size() != model.closeHandlerCalls.size()) {
                fail("kind " + kind + ": after step " + history.size() + " close handler calls were " + realCloseCalls
                        + ", model expected " + model.closeHandlerCalls
                        + "\nhistory:\n  " + String.join("\n  ", history));
            }
            for (int i = 0; i < realCloseCalls.size(); i++) {
                if (!model.closeHandlerCalls.get(i).accepts(realCloseCalls.get(i))) {
                    fail("kind " + kind + ": close handler got " + realCloseCalls.get(i) + ", model expected "
                            + model.closeHandlerCalls.get(i) + "\nhistory:\n  " + String.join("\n  ", history));
                }
            }
        }
        // Whatever happened, a final cancel accounts for every element still buffered.
        channel.cancel();
        model.apply(Op.CANCEL, 0, null);
        assertEquals(sorted(model.undelivered), sorted(new ArrayList<>(undelivered)),
                "kind " + kind + ": undelivered elements after a final cancel\nhistory:\n  " + String.join("\n  ", history));
        assertEquals(model.sentCount, undelivered.size() + model.receivedCount,
                "every element sent is either received or undelivered");
    }

    private static List<Integer> sorted(List<Integer> list) {
        List<Integer> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    // ---------------------------------------------------------------------------------------------- the real channel

    private static String applyReal(Channel<Integer> ch, Op op, int value, Throwable cause,
                                    ChannelIterator<Integer> iterator, List<String> closeHandlerCalls) {
        try {
            return switch (op) {
                case TRY_SEND -> describeSend(ch.trySend(value));
                case SEND -> {
                    ch.send(value);
                    yield "returned";
                }
                case SEND_ZERO_TIMEOUT -> String.valueOf(ch.send(value, Duration.ZERO));
                case TRY_RECEIVE -> describeReceive(ch.tryReceive());
                case RECEIVE -> "value(" + ch.receive() + ")";
                case RECEIVE_CATCHING -> describeReceive(ch.receiveCatching());
                case RECEIVE_ZERO_TIMEOUT -> {
                    Integer v = ch.receive(Duration.ZERO);
                    yield v == null ? "null" : "value(" + v + ")";
                }
                case ITERATOR_NEXT -> iterator.hasNext() ? "value(" + iterator.next() + ")" : "hasNext=false";
                case CLOSE -> String.valueOf(ch.close());
                case CLOSE_WITH_CAUSE -> String.valueOf(ch.close(cause));
                case CANCEL -> {
                    ch.cancel();
                    yield "returned";
                }
                case CANCEL_WITH_CAUSE -> {
                    ch.cancel(cause);
                    yield "returned";
                }
                case IS_EMPTY -> String.valueOf(ch.isEmpty());
                case IS_CLOSED_FOR_SEND -> String.valueOf(ch.isClosedForSend());
                case IS_CLOSED_FOR_RECEIVE -> String.valueOf(ch.isClosedForReceive());
                case INVOKE_ON_CLOSE -> {
                    ch.invokeOnClose(c -> closeHandlerCalls.add(c == null ? "null" : tag(c)));
                    yield "returned";
                }
            };
        } catch (Throwable t) {
            return describeThrown(t);
        }
    }

    static String describeSend(ChannelResult<Void> r) {
        if (r.isClosed()) {
            return "closed[" + tag(r.exceptionOrNull()) + "]";
        }
        return r.isSuccess() ? "success" : "failure";
    }

    static String describeReceive(ChannelResult<Integer> r) {
        if (r.isClosed()) {
            return "closed[" + tag(r.exceptionOrNull()) + "]";
        }
        return r.isSuccess() ? "value(" + r.getOrNull() + ")" : "failure";
    }

    static String describeThrown(Throwable t) {
        String kind;
        if (t instanceof ClosedSendChannelException) {
            kind = "ClosedSend";
        } else if (t instanceof ClosedReceiveChannelException) {
            kind = "ClosedReceive";
        } else if (t instanceof CancellationException) {
            kind = "Cancellation";
        } else if (t instanceof IllegalStateException) {
            kind = "IllegalState";
        } else if (t instanceof InterruptedException) {
            kind = "Interrupted";
        } else {
            kind = t.toString();
        }
        return "threw " + kind + "[" + tag(t.getCause()) + "]";
    }

    /** The "cause#n" marker found in a cause chain, or "-" when there is none. */
    static String tag(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("cause#")) {
                return t.getMessage();
            }
        }
        return "-";
    }

    // --------------------------------------------------------------------------------------------------- the model

    /** What the model accepts as a result. */
    record Expect(Set<String> acceptable) {
        static Expect of(String... acceptable) {
            return new Expect(new java.util.LinkedHashSet<>(List.of(acceptable)));
        }

        boolean accepts(String actual) {
            return acceptable.contains(actual);
        }

        @Override
        public String toString() {
            return acceptable.size() == 1 ? acceptable.iterator().next() : "one of " + acceptable;
        }
    }

    static final class Model {
        final ChannelKind kind;
        final int capacity;
        final BufferOverflow policy;
        final Deque<Integer> buffer = new ArrayDeque<>();
        final List<Integer> undelivered = new ArrayList<>();
        final List<Expect> closeHandlerCalls = new ArrayList<>();
        boolean closed;            // closed for sending: by close or cancel
        boolean cancelled;
        boolean closedBeforeCancel; // close() came first, then cancel()
        String closeTag = "-";     // cause given to the first close/cancel
        String cancelTag = "-";    // cause given to the first cancel
        boolean closeHandlerRegistered;
        int sentCount;             // elements that entered the channel (buffered, or dropped by a policy)
        int receivedCount;

        Model(ChannelKind kind) {
            this.kind = kind;
            if (kind.capacity == Channel.CONFLATED) {
                capacity = 1;
                policy = BufferOverflow.DROP_OLDEST;
            } else {
                capacity = kind.capacity;
                policy = kind.capacity == Channel.UNLIMITED ? BufferOverflow.SUSPEND : kind.overflow;
            }
        }

        boolean closedForReceive() {
            return cancelled || (closed && buffer.isEmpty());
        }

        boolean hasRoom() {
            return capacity == Channel.UNLIMITED || buffer.size() < capacity;
        }

        boolean canRunWithoutBlocking(Op op) {
            return switch (op) {
                case SEND -> closed || policy != BufferOverflow.SUSPEND || hasRoom();
                case RECEIVE, RECEIVE_CATCHING, ITERATOR_NEXT -> closed || !buffer.isEmpty();
                default -> true;
            };
        }

        /** Offers an element to an open channel without waiting; false when it would have to wait. */
        private boolean offer(int value) {
            if (hasRoom()) {
                buffer.addLast(value);
                sentCount++;
                return true;
            }
            switch (policy) {
                case DROP_OLDEST -> {
                    undelivered.add(buffer.pollFirst());
                    buffer.addLast(value);
                    sentCount++;
                    return true;
                }
                case DROP_LATEST -> {
                    undelivered.add(value);
                    sentCount++;
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        /** The exception a send on a closed channel throws (its element going to the handler). */
        private Expect sendOnClosed(int value) {
            undelivered.add(value);
            sentCount++;
            if (!cancelled) {
                return Expect.of("threw ClosedSend[" + closeTag + "]");
            }
            if (closedBeforeCancel) {
                return Expect.of("threw ClosedSend[" + closeTag + "]", "threw Cancellation[" + closeTag + "]",
                        "threw Cancellation[" + cancelTag + "]");
            }
            return Expect.of("threw Cancellation[" + cancelTag + "]");
        }

        /** The exception a receive on a closed, empty channel throws. */
        private Expect receiveOnClosed() {
            if (!cancelled) {
                return Expect.of("threw ClosedReceive[" + closeTag + "]");
            }
            if (closedBeforeCancel) {
                return Expect.of("threw ClosedReceive[" + closeTag + "]", "threw Cancellation[" + closeTag + "]",
                        "threw Cancellation[" + cancelTag + "]");
            }
            return Expect.of("threw Cancellation[" + cancelTag + "]");
        }

        /** A closed result: its cause is the close cause; after a cancel, the cause may be left out. */
        private Expect closedResult() {
            if (!cancelled) {
                return Expect.of("closed[" + closeTag + "]");
            }
            return Expect.of("closed[" + closeTag + "]", "closed[" + cancelTag + "]", "closed[-]");
        }

        private Expect received(int v) {
            receivedCount++;
            return Expect.of("value(" + v + ")");
        }

        private void closeWith(String tag) {
            closed = true;
            closeTag = tag;
            if (closeHandlerRegistered) {
                closeHandlerCalls.add(expectedCloseHandlerArgument());
            }
        }

        private Expect expectedCloseHandlerArgument() {
            if (cancelled && !closedBeforeCancel) {
                // Kotlin hands the CancellationException; a port may pass the cause itself or null for a bare cancel.
                return cancelTag.equals("-") ? Expect.of("null", "-") : Expect.of(cancelTag);
            }
            return Expect.of(closeTag.equals("-") ? "null" : closeTag);
        }

        Expect apply(Op op, int value, Throwable cause) {
            switch (op) {
                case TRY_SEND -> {
                    if (closed) {
                        return closedResult();
                    }
                    return Expect.of(offer(value) ? "success" : "failure");
                }
                case SEND -> {
                    if (closed) {
                        return sendOnClosed(value);
                    }
                    if (!offer(value)) {
                        throw new AssertionError("model: send would block");
                    }
                    return Expect.of("returned");
                }
                case SEND_ZERO_TIMEOUT -> {
                    if (closed) {
                        return sendOnClosed(value);
                    }
                    return Expect.of(String.valueOf(offer(value)));
                }
                case TRY_RECEIVE -> {
                    if (!buffer.isEmpty() && !cancelled) {
                        return received(buffer.pollFirst());
                    }
                    return closed ? closedResult() : Expect.of("failure");
                }
                case RECEIVE -> {
                    if (!buffer.isEmpty() && !cancelled) {
                        return received(buffer.pollFirst());
                    }
                    return receiveOnClosed();
                }
                case RECEIVE_ZERO_TIMEOUT -> {
                    if (!buffer.isEmpty() && !cancelled) {
                        return received(buffer.pollFirst());
                    }
                    return closed ? receiveOnClosed() : Expect.of("null");
                }
                case RECEIVE_CATCHING -> {
                    if (!buffer.isEmpty() && !cancelled) {
                        return received(buffer.pollFirst());
                    }
                    Expect closedExpect = closedResult();
                    if (!cancelled) {
                        return closedExpect;
                    }
                    // After a cancel, receiveCatching may report closed or throw CancellationException.
                    Set<String> acceptable = new java.util.HashSet<>(closedExpect.acceptable());
                    acceptable.addAll(receiveOnClosed().acceptable());
                    return new Expect(acceptable);
                }
                case ITERATOR_NEXT -> {
                    if (!buffer.isEmpty() && !cancelled) {
                        return received(buffer.pollFirst());
                    }
                    if (!cancelled && closeTag.equals("-")) {
                        return Expect.of("hasNext=false");
                    }
                    if (cancelled && closedBeforeCancel && closeTag.equals("-")) {
                        Set<String> acceptable = new java.util.HashSet<>(receiveOnClosed().acceptable());
                        acceptable.add("hasNext=false");
                        return new Expect(acceptable);
                    }
                    return receiveOnClosed();
                }
                case CLOSE, CLOSE_WITH_CAUSE -> {
                    if (closed) {
                        return Expect.of("false");
                    }
                    closeWith(cause == null ? "-" : cause.getMessage());
                    return Expect.of("true");
                }
                case CANCEL, CANCEL_WITH_CAUSE -> {
                    if (!cancelled) {
                        cancelled = true;
                        cancelTag = cause == null ? "-" : cause.getMessage();
                        if (closed) {
                            closedBeforeCancel = true;
                        } else {
                            closeWith(cancelTag);
                        }
                        undelivered.addAll(buffer);
                        buffer.clear();
                    }
                    return Expect.of("returned");
                }
                case IS_EMPTY -> {
                    return Expect.of(String.valueOf(buffer.isEmpty() && !closedForReceive()));
                }
                case IS_CLOSED_FOR_SEND -> {
                    return Expect.of(String.valueOf(closed));
                }
                case IS_CLOSED_FOR_RECEIVE -> {
                    return Expect.of(String.valueOf(closedForReceive()));
                }
                case INVOKE_ON_CLOSE -> {
                    if (closeHandlerRegistered) {
                        return Expect.of("threw IllegalState[-]");
                    }
                    closeHandlerRegistered = true;
                    if (closed) {
                        closeHandlerCalls.add(expectedCloseHandlerArgument());
                    }
                    return Expect.of("returned");
                }
                default -> throw new AssertionError(op);
            }
        }
    }
}
