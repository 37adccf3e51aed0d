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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buffered channels with a fixed capacity. */
@Timeout(20)
class BufferedChannelTest extends AbstractChannelTest {

    /** A huge capacity does not mean a huge allocation. */
    @Test
    void hugeCapacityIsCheap() throws Exception {
        Channel<Integer> c = Channel.buffered(Integer.MAX_VALUE / 2);
        for (int i = 0; i < 10_000; i++) {
            c.send(i);
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, c.receive());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void hasNextIsIdempotent(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.rendezvous();
        ChannelIterator<Integer> it = q.iterator();
        Worker<Void> sender = start(threads, "sender", () -> {
            q.send(1);
            q.close();
            return null;
        });
        assertTrue(it.hasNext());
        assertTrue(it.hasNext());
        assertTrue(it.hasNext());
        assertEquals(1, it.next());
        assertFalse(it.hasNext());
        sender.join();
        assertTrue(q.isClosedForReceive());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingSenderMovesIntoTheBuffer(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.buffered(1);
        assertTrue(q.isEmpty());
        q.send(1); // buffered
        assertFalse(q.isEmpty());
        Worker<Void> sender = blockedSender(threads, q, 2); // full
        assertEquals(1, q.receive());
        sender.join(); // its element took the freed slot
        assertFalse(q.isEmpty());
        assertEquals(2, q.tryReceive().getOrNull());
        assertTrue(q.isEmpty());
    }

    @Test
    void closeWithBufferedElement() throws Exception {
        Channel<Integer> q = Channel.buffered(1);
        assertTrue(q.isEmpty() && !q.isClosedForSend() && !q.isClosedForReceive());
        q.send(42);
        q.close();
        assertTrue(!q.isEmpty() && q.isClosedForSend() && !q.isClosedForReceive());
        assertEquals(42, q.receiveCatching().getOrNull());
        assertTrue(!q.isEmpty() && q.isClosedForSend() && q.isClosedForReceive());
        assertNull(q.receiveCatching().getOrNull());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closedExceptions(ThreadKind threads) {
        Channel<Integer> q = Channel.buffered(1);
        Worker<Integer> receiver = blockedReceiver(threads, q);
        assertTrue(q.close());
        receiver.joinThrown(ClosedReceiveChannelException.class);
        assertThrows(ClosedSendChannelException.class, () -> q.send(42));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void tryOperations(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.buffered(1);
        assertTrue(q.trySend(1).isSuccess());
        assertEquals(1, q.tryReceive().getOrNull());
        assertNull(q.tryReceive().getOrNull());
        Worker<Integer> receiver = blockedReceiver(threads, q);
        assertTrue(q.trySend(2).isSuccess()); // to the waiting receiver
        assertEquals(2, receiver.join());
        assertTrue(q.trySend(3).isSuccess()); // buffered
        assertFalse(q.trySend(4).isSuccess()); // full
        assertEquals(3, q.tryReceive().getOrNull());
        assertNull(q.tryReceive().getOrNull());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void cancelDropsBufferAndWaitingSenders(ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> q = Channel.<Integer>builder().capacity(5).onUndeliveredElement(dropped).build();
        for (int i = 1; i <= 5; i++) {
            q.send(i);
        }
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 6; i <= 10; i++) {
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
        Channel<Integer> c = Channel.buffered(5);
        TestException cause = new TestException("stop");
        c.cancel(cause);
        assertCancellation(assertThrows(CancellationException.class, c::receive), cause);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void bufferSize(ThreadKind threads) throws Exception {
        checkBuffer(Channel.buffered(42), 42, threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void bufferSizeFromTheMiddle(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.buffered(42);
        for (int i = 0; i < 4; i++) {
            c.trySend(-1);
        }
        for (int i = 0; i < 4; i++) {
            c.receiveCatching().getOrNull();
        }
        checkBuffer(c, 42, threads);
    }

    /** Exactly {@code capacity} sends go through without a receiver; the next one waits. */
    private static void checkBuffer(Channel<Integer> c, int capacity, ThreadKind threads) throws Exception {
        Worker<Void> producer = start(threads, "producer", () -> {
            for (int i = 0; i < capacity; i++) {
                c.send(i);
            }
            return null;
        });
        producer.join();
        Worker<Void> extra = blockedSender(threads, c, capacity);
        c.close();
        List<Integer> got = new ArrayList<>();
        for (ChannelIterator<Integer> it = c.iterator(); it.hasNext(); ) {
            got.add(it.next());
        }
        extra.join();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= capacity; i++) {
            expected.add(i);
        }
        assertEquals(expected, got);
    }

    /** Several waiting senders on a full buffer are admitted in arrival order. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingSendersKeepTheirOrder(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.buffered(2);
        q.send(0);
        q.send(1);
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 2; i < 8; i++) {
            senders.add(blockedSender(threads, q, i));
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(i, q.receive());
        }
        for (Worker<Void> s : senders) {
            s.join();
        }
        assertTrue(q.isEmpty());
    }

    /** Several waiting receivers on an empty buffer are served in arrival order. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingReceiversKeepTheirOrder(ThreadKind threads) throws Exception {
        Channel<Integer> q = Channel.buffered(2);
        List<Worker<Integer>> receivers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            receivers.add(blockedReceiver(threads, q));
        }
        for (int i = 0; i < 6; i++) {
            q.send(i);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(i, receivers.get(i).join());
        }
        assertTrue(q.isEmpty());
    }

    /** Capacity and order stay right over many wrap-arounds of the segment ring. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void longStreamThroughSmallBuffer(ThreadKind threads) throws Exception {
        for (int capacity : new int[]{1, 2, 7, 31, 32, 33, 64}) {
            Channel<Integer> q = Channel.buffered(capacity);
            int n = 5000;
            Worker<Void> producer = start(threads, "producer", () -> {
                for (int i = 0; i < n; i++) {
                    q.send(i);
                }
                q.close();
                return null;
            });
            int expected = 0;
            for (ChannelIterator<Integer> it = q.iterator(); it.hasNext(); ) {
                assertEquals(expected++, it.next(), "capacity " + capacity);
            }
            assertEquals(n, expected);
            producer.join();
        }
    }
}
