package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What close and cancel do to buffered elements, waiting senders and receivers, and later calls. */
@Timeout(20)
class ChannelCloseCancelTest extends AbstractChannelTest {

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void closeWakesWaitingReceiversWithTheCause(ChannelKind kind, ThreadKind threads) {
        Channel<Integer> c = kind.create();
        List<Worker<Integer>> receivers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            receivers.add(blockedReceiver(threads, c));
        }
        Worker<Integer> timed = startBlocked(threads, "timed-receiver", () -> c.receive(Duration.ofSeconds(60)));
        TestException cause = new TestException("closed");
        assertTrue(c.close(cause));
        for (Worker<Integer> r : receivers) {
            assertSame(cause, r.joinThrown(ClosedReceiveChannelException.class).getCause());
        }
        assertSame(cause, timed.joinThrown(ClosedReceiveChannelException.class).getCause());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void closeWithoutCauseWakesReceiversWithoutCause(ChannelKind kind, ThreadKind threads) {
        Channel<Integer> c = kind.create();
        Worker<Integer> receiver = blockedReceiver(threads, c);
        c.close();
        assertNull(receiver.joinThrown(ClosedReceiveChannelException.class).getCause());
    }

    /** Close keeps buffered elements and waiting senders' elements receivable, in order. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void closeKeepsBufferAndWaitingSenders(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            senders.add(blockedSender(threads, c, buffered + i));
        }
        TestException cause = new TestException("end of input");
        assertTrue(c.close(cause));
        assertTrue(c.isClosedForSend());
        assertFalse(c.isClosedForReceive());
        assertFalse(c.isEmpty());
        for (Worker<Void> s : senders) {
            assertFalse(s.isDone(), "close does not resume a waiting sender");
        }
        for (int i = 0; i < buffered + 3; i++) {
            assertFalse(c.isClosedForReceive());
            assertEquals(i, c.receive());
        }
        for (Worker<Void> s : senders) {
            s.join();
        }
        assertTrue(c.isClosedForReceive());
        assertSame(cause, assertThrows(ClosedReceiveChannelException.class, c::receive).getCause());
        dropped.assertNone();
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void cancelWakesEveryWaiter(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            senders.add(blockedSender(threads, c, buffered + i));
        }
        TestException cause = new TestException("abort");
        c.cancel(cause);
        for (Worker<Void> s : senders) {
            assertCancellation(s.joinThrown(CancellationException.class), cause);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < buffered + 3; i++) {
            expected.add(i);
        }
        assertEquals(expected, dropped.list().stream().sorted().toList(), "every element went to the handler");
        assertTrue(c.isClosedForSend());
        assertTrue(c.isClosedForReceive());
        assertFalse(c.isEmpty());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void cancelWakesWaitingReceivers(ChannelKind kind, ThreadKind threads) {
        Channel<Integer> c = kind.create();
        Worker<Integer> plain = blockedReceiver(threads, c);
        Worker<ChannelResult<Integer>> catching = startBlocked(threads, "catching", c::receiveCatching);
        Worker<Integer> timed = startBlocked(threads, "timed", () -> c.receive(Duration.ofSeconds(60)));
        c.cancel();
        plain.joinThrown(CancellationException.class);
        timed.joinThrown(CancellationException.class);
        ChannelResult<Integer> r = catching.join();
        assertTrue(r.isClosed());
        assertInstanceOf(CancellationException.class, r.exceptionOrNull());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void everythingFailsAfterCancel(ChannelKind kind) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(1);
        }
        TestException cause = new TestException("cancelled");
        c.cancel(cause);
        assertTrue(c.isClosedForSend());
        assertTrue(c.isClosedForReceive());
        assertFalse(c.isEmpty());
        assertCancellation(assertThrows(CancellationException.class, c::receive), cause);
        assertCancellation(assertThrows(CancellationException.class, () -> c.receive(Duration.ofSeconds(1))), cause);
        assertCancellation(assertThrows(CancellationException.class, () -> c.send(2)), cause);
        assertCancellation(assertThrows(CancellationException.class, () -> c.send(3, Duration.ofSeconds(1))), cause);
        ChannelResult<Void> ts = c.trySend(4);
        assertTrue(ts.isClosed());
        ChannelResult<Integer> tr = c.tryReceive();
        assertTrue(tr.isClosed());
        assertCancellation(tr.exceptionOrNull(), cause);
        ChannelResult<Integer> rc = c.receiveCatching();
        assertTrue(rc.isClosed());
        assertCancellation(rc.exceptionOrNull(), cause);
        ChannelIterator<Integer> it = c.iterator();
        assertCancellation(assertThrows(CancellationException.class, it::hasNext), cause);
        List<Integer> expected = kind.capacity == Channel.RENDEZVOUS ? List.of(2, 3) : List.of(1, 2, 3);
        assertEquals(expected, dropped.list().stream().sorted().toList(),
                "buffered and sent-after-cancel elements go to the handler, trySend's does not");
        assertFalse(c.close(), "already closed by the cancel");
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void cancelWithoutCause(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        c.cancel();
        assertThrows(CancellationException.class, c::receive);
        assertThrows(CancellationException.class, () -> c.send(1));
        assertInstanceOf(CancellationException.class, c.tryReceive().exceptionOrNull());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void cancelAfterCloseDropsTheRest(ChannelKind kind) throws Exception {
        if (kind.capacity == Channel.RENDEZVOUS) {
            return;
        }
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        c.send(1);
        c.close();
        c.cancel();
        assertEquals(List.of(1), dropped.list());
        assertTrue(c.isClosedForReceive());
        assertThrows(CancellationException.class, c::receive);
    }

    /**
     * A cancel after a close still cancels: every receive-side call reports a CancellationException, the blocking
     * ones by throwing it and the catching/try ones as the closed result's exception.
     */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void closeThenCancelReportsCancellationConsistently(ChannelKind kind) throws Exception {
        checkCloseThenCancel(kind, null);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void closeWithCauseThenCancelReportsCancellationConsistently(ChannelKind kind) throws Exception {
        checkCloseThenCancel(kind, new TestException("closed first"));
    }

    private static void checkCloseThenCancel(ChannelKind kind, Throwable closeCause) throws Exception {
        Channel<Integer> c = kind.create();
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(1);
        }
        c.close(closeCause);
        c.cancel();
        assertTrue(c.isClosedForReceive());
        assertThrows(CancellationException.class, c::receive);
        assertThrows(CancellationException.class, () -> c.iterator().hasNext());
        ChannelResult<Integer> caught = c.receiveCatching();
        assertTrue(caught.isClosed());
        assertInstanceOf(CancellationException.class, caught.exceptionOrNull(),
                "receiveCatching after close(" + closeCause + ") + cancel(), while receive() throws a "
                        + "CancellationException: " + caught);
        assertThrows(CancellationException.class, caught::getOrThrow);
        ChannelResult<Integer> tried = c.tryReceive();
        assertTrue(tried.isClosed());
        assertInstanceOf(CancellationException.class, tried.exceptionOrNull(),
                "tryReceive after close(" + closeCause + ") + cancel(): " + tried);
    }

    /** Cancelling twice, or from several threads, hands each element over exactly once. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void concurrentCancelsDropEachElementOnce(ThreadKind threads) throws Exception {
        for (int round = 0; round < 20; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = Channel.<Integer>builder().capacity(Channel.UNLIMITED).onUndeliveredElement(dropped).build();
            for (int i = 0; i < 100; i++) {
                c.send(i);
            }
            List<Worker<Void>> cancellers = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                cancellers.add(start(threads, "canceller", () -> {
                    c.cancel();
                    return null;
                }));
            }
            for (Worker<Void> w : cancellers) {
                w.join();
            }
            List<Integer> got = dropped.list().stream().sorted().toList();
            assertEquals(100, got.size(), "round " + round);
            for (int i = 0; i < 100; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    /** Closing while receivers and a sender race: nothing is received twice or lost. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void closeRacingWithTraffic(ChannelKind kind, ThreadKind threads) throws Exception {
        for (int round = 0; round < 10; round++) {
            Channel<Integer> c = kind.create();
            int n = 200;
            Worker<Integer> producer = start(threads, "producer", () -> {
                int sent = 0;
                for (int i = 0; i < n; i++) {
                    c.send(i);
                    sent++;
                }
                c.close();
                return sent;
            });
            Action<List<Integer>> drain = () -> {
                List<Integer> got = new ArrayList<>();
                while (true) {
                    ChannelResult<Integer> r = c.receiveCatching();
                    if (r.isClosed()) {
                        return got;
                    }
                    got.add(r.getOrThrow());
                }
            };
            Worker<List<Integer>> a = start(threads, "a", drain);
            Worker<List<Integer>> b = start(threads, "b", drain);
            assertEquals(n, producer.join());
            List<Integer> all = new ArrayList<>(a.join());
            all.addAll(b.join());
            all.sort(null);
            assertEquals(n, all.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, all.get(i));
            }
        }
    }
}
