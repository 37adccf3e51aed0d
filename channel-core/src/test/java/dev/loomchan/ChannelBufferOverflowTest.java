package dev.loomchan;

import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DROP_OLDEST and DROP_LATEST: sends never wait, the dropped element goes to the handler. */
@Timeout(20)
class ChannelBufferOverflowTest extends AbstractChannelTest {

    @Test
    void dropLatest() throws Exception {
        Channel<Integer> c = Channel.create(2, BufferOverflow.DROP_LATEST);
        assertTrue(c.trySend(1).isSuccess());
        assertTrue(c.trySend(2).isSuccess());
        assertTrue(c.trySend(3).isSuccess()); // full: 3 is dropped
        c.send(4); // full: 4 is dropped, without waiting
        assertEquals(1, c.receive());
        assertTrue(c.trySend(5).isSuccess());
        assertTrue(c.trySend(6).isSuccess()); // full again: 6 dropped
        assertEquals(2, c.receive());
        assertEquals(5, c.receive());
        assertNull(c.tryReceive().getOrNull());
    }

    @Test
    void dropOldest() throws Exception {
        Channel<Integer> c = Channel.create(2, BufferOverflow.DROP_OLDEST);
        assertTrue(c.trySend(1).isSuccess());
        assertTrue(c.trySend(2).isSuccess());
        assertTrue(c.trySend(3).isSuccess()); // 1 dropped: [2, 3]
        c.send(4); // 2 dropped: [3, 4]
        assertEquals(3, c.receive());
        assertTrue(c.trySend(5).isSuccess());
        assertTrue(c.trySend(6).isSuccess()); // 4 dropped: [5, 6]
        assertEquals(5, c.receive());
        assertEquals(6, c.receive());
        assertNull(c.tryReceive().getOrNull());
    }

    @Test
    void dropOldestHandsDroppedElementsToHandler() throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(2).onBufferOverflow(BufferOverflow.DROP_OLDEST)
                .onUndeliveredElement(dropped).build();
        c.send(1);
        c.send(2);
        dropped.assertNone();
        c.send(3);
        assertTrue(c.trySend(4).isSuccess());
        assertEquals(List.of(1, 2), dropped.list());
        assertEquals(3, c.receive());
        assertEquals(4, c.receive());
        assertEquals(List.of(1, 2), dropped.list(), "received elements are not handed to the handler");
    }

    /**
     * The contract of this port: a DROP_LATEST channel hands the element it drops to the handler, whether a
     * {@code send} or a {@code trySend} brought it (kotlinx.coroutines only does so for {@code send}).
     */
    @Test
    void dropLatestHandsDroppedElementsToHandler() throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(2).onBufferOverflow(BufferOverflow.DROP_LATEST)
                .onUndeliveredElement(dropped).build();
        c.send(1);
        c.send(2);
        c.send(3);
        assertEquals(List.of(3), dropped.list());
        assertTrue(c.trySend(4).isSuccess());
        assertEquals(List.of(3, 4), dropped.list());
        assertEquals(1, c.receive());
        assertEquals(2, c.receive());
        assertNull(c.tryReceive().getOrNull());
    }

    /** Sends on a full DROP_* channel return at once: run many on a single thread, no receiver. */
    @ParameterizedTest
    @EnumSource(value = BufferOverflow.class, names = {"DROP_OLDEST", "DROP_LATEST"})
    void sendNeverWaits(BufferOverflow policy) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(3).onBufferOverflow(policy)
                .onUndeliveredElement(dropped).build();
        for (int i = 0; i < 1000; i++) {
            c.send(i);
        }
        assertEquals(997, dropped.size());
        List<Integer> expected = policy == BufferOverflow.DROP_OLDEST ? List.of(997, 998, 999) : List.of(0, 1, 2);
        assertEquals(expected.get(0), c.receive());
        assertEquals(expected.get(1), c.receive());
        assertEquals(expected.get(2), c.receive());
        assertTrue(c.tryReceive().isFailure());
    }

    /** A receiver waiting on an empty DROP_* channel gets the element directly; nothing is dropped. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingReceiverGetsTheElement(ThreadKind threads) throws Exception {
        for (BufferOverflow policy : List.of(BufferOverflow.DROP_OLDEST, BufferOverflow.DROP_LATEST)) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = Channel.<Integer>builder().capacity(1).onBufferOverflow(policy)
                    .onUndeliveredElement(dropped).build();
            Worker<Integer> receiver = blockedReceiver(threads, c);
            c.send(10);
            assertEquals(10, receiver.join());
            dropped.assertNone();
            assertTrue(c.isEmpty());
        }
    }

    /** Dropping resumes once there is room again, and the buffer wraps around segment boundaries cleanly. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 31, 32, 33})
    void longRunKeepsTheRightWindow(int capacity) throws Exception {
        Undelivered<Integer> droppedOld = new Undelivered<>();
        Undelivered<Integer> droppedNew = new Undelivered<>();
        Channel<Integer> oldest = Channel.<Integer>builder().capacity(capacity)
                .onBufferOverflow(BufferOverflow.DROP_OLDEST).onUndeliveredElement(droppedOld).build();
        Channel<Integer> latest = Channel.<Integer>builder().capacity(capacity)
                .onBufferOverflow(BufferOverflow.DROP_LATEST).onUndeliveredElement(droppedNew).build();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            int base = next;
            for (int i = 0; i < capacity + 2; i++) {
                oldest.send(next);
                latest.send(next);
                next++;
            }
            for (int i = 0; i < capacity; i++) {
                assertEquals(base + 2 + i, oldest.receive(), "DROP_OLDEST round " + round);
                assertEquals(base + i, latest.receive(), "DROP_LATEST round " + round);
            }
            assertTrue(oldest.isEmpty());
            assertTrue(latest.isEmpty());
        }
        assertEquals(100, droppedOld.size());
        assertEquals(100, droppedNew.size());
    }
}
