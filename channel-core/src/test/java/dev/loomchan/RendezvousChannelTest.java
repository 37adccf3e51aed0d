package dev.loomchan;

import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rendezvous channel: every send meets a receive. */
@Timeout(20)
class RendezvousChannelTest extends AbstractChannelTest {

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void senderWaitsForReceiverAndViceVersa(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        assertTrue(q.isEmpty());
        Worker<Void> sender = blockedSender(threads, q, 1);
        assertFalse(sender.isDone());
        assertEquals(1, q.receive()); // the sender was there already
        sender.join();
        Worker<Integer> receiver = blockedReceiver(threads, q);
        q.send(2); // the receiver was there already
        assertEquals(2, receiver.join());
        assertTrue(q.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closedReceiveCatching(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        assertTrue(q.isEmpty() && !q.isClosedForSend() && !q.isClosedForReceive());
        Worker<ChannelResult<Integer>> receiver = startBlocked(threads, "receiver", q::receiveCatching);
        q.send(42);
        assertEquals(42, receiver.join().getOrNull());
        Worker<ChannelResult<Integer>> second = startBlocked(threads, "receiver2", q::receiveCatching);
        q.close();
        assertTrue(!q.isEmpty() && q.isClosedForSend() && q.isClosedForReceive());
        assertNull(second.join().getOrNull());
        assertTrue(!q.isEmpty() && q.isClosedForSend() && q.isClosedForReceive());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closedExceptions(ThreadKind threads) {
        Channel<Integer> q = Channel.rendezvous();
        Worker<Integer> receiver = blockedReceiver(threads, q);
        q.close();
        receiver.joinThrown(ClosedReceiveChannelException.class);
        assertThrows(ClosedSendChannelException.class, () -> q.send(42));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void trySendAndTryReceive(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        assertFalse(q.trySend(1).isSuccess(), "no receiver waiting: no room");
        assertNull(q.tryReceive().getOrNull());
        Worker<Integer> receiver = blockedReceiver(threads, q);
        assertTrue(q.trySend(2).isSuccess(), "a receiver is waiting");
        assertEquals(2, receiver.join());
        assertNull(q.tryReceive().getOrNull());
        Worker<Void> sender = blockedSender(threads, q, 3);
        assertEquals(3, q.tryReceive().getOrNull(), "a sender is waiting");
        sender.join();
        assertFalse(q.trySend(4).isSuccess());
        assertNull(q.tryReceive().getOrNull());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void iteratorOverClosedChannel(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        Worker<Boolean> iterating = startBlocked(threads, "iterator", () -> q.iterator().hasNext());
        q.close();
        assertFalse(iterating.join());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void iteratorOverTwoElements(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        Worker<List<Integer>> consumer = start(threads, "consumer", () -> {
            List<Integer> got = new ArrayList<>();
            for (ChannelIterator<Integer> it = q.iterator(); it.hasNext(); ) {
                got.add(it.next());
            }
            return got;
        });
        q.send(1);
        q.send(2);
        q.close();
        assertEquals(List.of(1, 2), consumer.join());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void iteratorStartedAfterSenderWaits(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        Worker<Void> producer = startBlocked(threads, "producer", () -> {
            q.send(1);
            q.send(2);
            q.close();
            return null;
        });
        List<Integer> got = new ArrayList<>();
        for (ChannelIterator<Integer> it = q.iterator(); it.hasNext(); ) {
            got.add(it.next());
        }
        assertEquals(List.of(1, 2), got);
        producer.join();
    }

    /** A sender already waiting when the channel closes still delivers its element, then returns normally. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingSendSurvivesClose(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        Worker<Void> sender = blockedSender(threads, q, 42);
        assertTrue(q.close());
        assertTrue(q.isClosedForSend());
        assertFalse(q.isClosedForReceive(), "the waiting sender's element is still to be received");
        assertFalse(sender.isDone(), "close does not resume a waiting sender");
        assertEquals(42, q.receiveCatching().getOrNull());
        assertTrue(q.receiveCatching().isClosed());
        sender.join();
        assertTrue(q.isClosedForReceive());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void cancelWakesAllWaitingSenders(ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> q = Channel.<Integer>builder().onUndeliveredElement(dropped).build();
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            senders.add(blockedSender(threads, q, i));
        }
        q.cancel();
        assertTrue(q.isClosedForSend());
        assertTrue(q.isClosedForReceive());
        assertThrows(CancellationException.class, () -> q.receiveCatching().getOrThrow());
        for (Worker<Void> s : senders) {
            s.joinThrown(CancellationException.class);
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), dropped.list().stream().sorted().toList());
    }

    @Test
    void cancelWithCause() {
        Channel<Integer> q = Channel.rendezvous();
        TestException cause = new TestException("stop");
        q.cancel(cause);
        assertCancellation(assertThrows(CancellationException.class, () -> q.receiveCatching().getOrThrow()), cause);
    }

    @Test
    void sameInstanceIsDelivered() throws Exception {
        Channel<Object> q = Channel.rendezvous();
        Object element = new Object() {
            @Override
            public boolean equals(Object o) {
                return true; // a hostile element must not confuse the channel
            }

            @Override
            public int hashCode() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String toString() {
                throw new UnsupportedOperationException();
            }
        };
        Worker<Void> sender = startBlocked(ThreadKind.VIRTUAL, "hostile-sender", () -> {
            q.send(element);
            return null;
        });
        assertSame(element, q.receive());
        sender.join();
    }

    @Test
    void dropOldestTakesPrecedence() throws Exception {
        Channel<Integer> c = Channel.create(Channel.RENDEZVOUS, BufferOverflow.DROP_OLDEST);
        c.send(1);
        c.send(2);
        c.send(3);
        assertEquals(3, c.receive());
    }

    @Test
    void dropLatestTakesPrecedence() throws Exception {
        Channel<Integer> c = Channel.create(Channel.RENDEZVOUS, BufferOverflow.DROP_LATEST);
        c.send(1);
        c.send(2);
        c.send(3);
        assertEquals(1, c.receive());
    }

    /** Many hand-offs between one sender and one receiver, on alternating sides of who arrives first. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void pingPong(ThreadKind threads) throws Exception {
        Channel<Integer> ping = Channel.rendezvous();
        Channel<Integer> pong = Channel.rendezvous();
        Worker<Void> echo = start(threads, "echo", () -> {
            for (ChannelIterator<Integer> it = ping.iterator(); it.hasNext(); ) {
                pong.send(it.next() + 1);
            }
            pong.close();
            return null;
        });
        for (int i = 0; i < 2000; i += 2) {
            ping.send(i);
            assertEquals(i + 1, pong.receive());
        }
        ping.close();
        assertThrows(ClosedReceiveChannelException.class, pong::receive);
        echo.join();
    }
}
