package dev.loomchan;

import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conflated channel keeps only the latest element and never makes a sender wait. */
@Timeout(20)
class ConflatedChannelTest extends AbstractChannelTest {

    @Test
    void trySendConflates() {
        Channel<Integer> q = Channel.conflated();
        assertNull(q.tryReceive().getOrNull());
        assertTrue(q.trySend(1).isSuccess());
        assertTrue(q.trySend(2).isSuccess());
        assertTrue(q.trySend(3).isSuccess());
        assertEquals(3, q.tryReceive().getOrNull());
        assertNull(q.tryReceive().getOrNull());
    }

    @Test
    void sendConflates() throws Exception {
        Channel<Integer> q = Channel.conflated();
        q.send(1);
        q.send(2);
        assertEquals(2, q.receiveCatching().getOrNull());
        assertTrue(q.isEmpty());
    }

    @Test
    void closeKeepsTheLastElement() throws Exception {
        Channel<Integer> q = Channel.conflated();
        q.send(1);
        q.close();
        assertTrue(q.isClosedForSend());
        assertFalse(q.isClosedForReceive());
        assertEquals(1, q.receive());
        assertTrue(q.isClosedForSend());
        assertTrue(q.isClosedForReceive());
        assertNull(q.receiveCatching().getOrNull());
        assertTrue(q.receiveCatching().isClosed());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void conflationWithAWaitingReceiver(ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> q = Channel.<Integer>builder().capacity(Channel.CONFLATED).onUndeliveredElement(dropped).build();
        q.send(1);
        q.send(2); // replaces 1
        assertEquals(List.of(1), dropped.list());
        assertEquals(2, q.receive());
        Worker<Integer> receiver = blockedReceiver(threads, q);
        q.send(3); // goes to the waiting receiver
        assertEquals(3, receiver.join());
        q.send(4);
        q.send(5);
        q.send(6);
        assertEquals(6, q.receive());
        assertEquals(List.of(1, 4, 5), dropped.list());
        assertTrue(q.isEmpty());
    }

    @Test
    void cancelDropsTheBufferedElement() throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> q = Channel.<Integer>builder().capacity(Channel.CONFLATED).onUndeliveredElement(dropped).build();
        for (int i = 1; i <= 10; i++) {
            q.send(i);
        }
        q.cancel();
        assertTrue(q.isClosedForSend());
        assertTrue(q.isClosedForReceive());
        assertThrows(CancellationException.class, () -> q.receiveCatching().getOrThrow());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), dropped.list());
    }

    @Test
    void cancelWithCause() {
        Channel<Integer> q = Channel.conflated();
        TestException cause = new TestException("stop");
        q.cancel(cause);
        assertCancellation(assertThrows(CancellationException.class, q::receive), cause);
    }

    /** A send never waits, even with no receiver at all. */
    @Test
    void sendNeverWaits() throws Exception {
        Channel<Integer> q = Channel.conflated();
        for (int i = 0; i < 10_000; i++) {
            q.send(i);
        }
        assertEquals(9999, q.receive());
        assertTrue(q.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void sendAfterCloseDoesNotReplaceTheLastElement(ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> q = Channel.<Integer>builder().capacity(Channel.CONFLATED).onUndeliveredElement(dropped).build();
        q.send(1);
        q.close();
        assertThrows(ClosedSendChannelException.class, () -> q.send(2));
        assertTrue(q.trySend(3).isClosed());
        assertEquals(List.of(2), dropped.list(), "send on closed hands over its element, trySend does not");
        assertEquals(1, q.receive());
        assertThrows(ClosedReceiveChannelException.class, q::receive);
    }
}
