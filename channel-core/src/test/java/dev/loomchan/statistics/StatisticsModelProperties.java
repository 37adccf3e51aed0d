package dev.loomchan.statistics;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.ChannelStatistics.State;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.support.ChannelKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random sequences of operations on one thread, applied to a channel of every kind and to a model that only counts:
 * after every step the channel's statistics must equal the model's figures exactly, since a channel between two
 * operations of one thread is quiescent. Timed operations that must wait time out after a millisecond, so suspensions
 * and cancellations are exercised too; isEmpty is mixed in because it moves the receivers counter past dead cells.
 */
class StatisticsModelProperties {

    enum Op { TRY_SEND, SEND, TIMED_SEND, TRY_RECEIVE, RECEIVE, TIMED_RECEIVE, IS_EMPTY, CLOSE, CANCEL }

    private static final Duration SHORT = Duration.ofMillis(1);

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.of(Op.values()).list().ofMinSize(1).ofMaxSize(40)
                .filter(l -> l.stream().filter(o -> o == Op.CLOSE || o == Op.CANCEL).count() <= 2);
    }

    @Property(tries = 300)
    void statisticsMatchACountingModelAfterEveryStep(@ForAll ChannelKind kind, @ForAll("ops") List<Op> ops)
            throws InterruptedException {
        Channel<Integer> ch = kind.create(e -> { });
        CountingModel model = new CountingModel(kind);
        int next = 0;
        for (Op op : ops) {
            switch (op) {
                case TRY_SEND -> model.trySend(ch.trySend(next++));
                case SEND -> {
                    if (!model.sendWouldWait()) {
                        model.send(sendCatching(ch, next++));
                    }
                }
                case TIMED_SEND -> model.timedSend(timedSendCatching(ch, next++));
                case TRY_RECEIVE -> model.tryReceive(ch.tryReceive());
                case RECEIVE -> {
                    if (!model.receiveWouldWait()) {
                        model.receive(receiveCatching(ch, null));
                    }
                }
                case TIMED_RECEIVE -> model.timedReceive(receiveCatching(ch, SHORT));
                case IS_EMPTY -> assertEquals(model.isEmpty(), ch.isEmpty());
                case CLOSE -> {
                    ch.close();
                    model.close();
                }
                case CANCEL -> {
                    ch.cancel();
                    model.cancel();
                }
            }
            assertEquals(model.expected(ch.statistics()), ch.statistics(), () -> "after " + op + " in " + ops);
        }
    }

    /** How an operation ended: it completed, found the channel closed (it threw), or timed out. */
    enum Outcome { DONE, CLOSED, TIMED_OUT, EMPTY }

    private static Outcome sendCatching(Channel<Integer> ch, int e) throws InterruptedException {
        try {
            ch.send(e);
            return Outcome.DONE;
        } catch (ClosedSendChannelException | CancellationException closed) {
            return Outcome.CLOSED;
        }
    }

    private static Outcome timedSendCatching(Channel<Integer> ch, int e) throws InterruptedException {
        try {
            return ch.send(e, SHORT) ? Outcome.DONE : Outcome.TIMED_OUT;
        } catch (ClosedSendChannelException | CancellationException closed) {
            return Outcome.CLOSED;
        }
    }

    private static Outcome receiveCatching(Channel<Integer> ch, Duration timeout) throws InterruptedException {
        try {
            if (timeout == null) {
                return ch.receive() != null ? Outcome.DONE : Outcome.EMPTY;
            }
            return ch.receive(timeout) != null ? Outcome.DONE : Outcome.TIMED_OUT;
        } catch (ClosedReceiveChannelException | CancellationException closed) {
            return Outcome.CLOSED;
        }
    }

    /** The figures a channel of {@code kind} must show, kept by counting what each operation did. */
    static final class CountingModel {
        private final ChannelKind kind;
        private final int capacity;
        private long sent, received, sendSuspensions, receiveSuspensions, cancelledSenders, cancelledReceivers;
        private long undelivered, dropped, size;
        private State state = State.OPEN;

        CountingModel(ChannelKind kind) {
            this.kind = kind;
            this.capacity = kind.bufferSize();
        }

        boolean sendWouldWait() {
            return state == State.OPEN && kind.sendMayBlock() && size == capacity;
        }

        boolean receiveWouldWait() {
            return state == State.OPEN && size == 0;
        }

        boolean isEmpty() {
            return state == State.OPEN && size == 0;
        }

        void trySend(ChannelResult<Void> r) {
            if (state != State.OPEN) {
                assertEquals(true, r.isClosed());
            } else if (size < capacity) {
                assertEquals(true, r.isSuccess());
                sent++;
                size++;
            } else if (!kind.sendMayBlock()) {
                assertEquals(true, r.isSuccess());
                sent++;
                drop();
            } else {
                assertEquals(true, r.isFailure());
            }
        }

        void send(Outcome o) {
            if (state != State.OPEN) {
                assertEquals(Outcome.CLOSED, o);
                sent++;
                undelivered++;
            } else {
                assertEquals(Outcome.DONE, o);
                sent++;
                if (size < capacity) {
                    size++;
                } else {
                    drop();
                }
            }
        }

        void timedSend(Outcome o) {
            if (sendWouldWait()) {
                assertEquals(Outcome.TIMED_OUT, o);
                sendSuspensions++;
                cancelledSenders++;
            } else {
                send(o);
            }
        }

        private void drop() {
            dropped++;
            undelivered++;
        }

        void tryReceive(ChannelResult<Integer> r) {
            if (size > 0 && state != State.CANCELLED) {
                assertEquals(true, r.isSuccess());
                received++;
                size--;
            } else {
                assertEquals(state != State.OPEN, r.isClosed());
            }
        }

        void receive(Outcome o) {
            if (size > 0 && state != State.CANCELLED) {
                assertEquals(Outcome.DONE, o);
                received++;
                size--;
            } else {
                assertEquals(Outcome.CLOSED, o);
            }
        }

        void timedReceive(Outcome o) {
            if (receiveWouldWait()) {
                assertEquals(Outcome.TIMED_OUT, o);
                receiveSuspensions++;
                cancelledReceivers++;
            } else {
                receive(o);
            }
        }

        void close() {
            if (state == State.OPEN) {
                state = State.CLOSED;
            }
        }

        void cancel() {
            state = State.CANCELLED;
            undelivered += size;
            size = 0;
        }

        ChannelStatistics expected(ChannelStatistics actual) {
            return new ChannelStatistics(actual.name(), actual.kind(), kind.capacity == Channel.CONFLATED ? 1
                    : kind.capacity, state, sent, received, sendSuspensions, receiveSuspensions, cancelledSenders,
                    cancelledReceivers, undelivered, dropped, 0, 0, size);
        }
    }
}
