package dev.loomchan;

import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unlimited channel buffers everything and never makes a sender wait. */
@Timeout(20)
class UnlimitedChannelTest extends AbstractChannelTest {

    @Test
    void basic() throws Exception {
        Channel<Integer> c = Channel.unlimited();
        c.send(1);
        assertTrue(c.trySend(2).isSuccess());
        c.send(3);
        assertTrue(c.close());
        assertTrue(!c.close());
        assertEquals(1, c.receive());
        assertEquals(2, c.tryReceive().getOrNull());
        assertEquals(3, c.receiveCatching().getOrNull());
        assertNull(c.receiveCatching().getOrNull());
        assertTrue(c.isClosedForReceive());
    }

    @Test
    void cancelDropsEverything() throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> q = Channel.<Integer>builder().capacity(Channel.UNLIMITED).onUndeliveredElement(dropped).build();
        for (int i = 1; i <= 10; i++) {
            q.send(i);
        }
        q.cancel();
        assertTrue(q.isClosedForSend());
        assertTrue(q.isClosedForReceive());
        assertThrows(CancellationException.class, q::receive);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), dropped.list().stream().sorted().toList());
    }

    @Test
    void cancelWithCause() {
        Channel<Integer> c = Channel.unlimited();
        TestException cause = new TestException("stop");
        c.cancel(cause);
        assertCancellation(assertThrows(CancellationException.class, c::receive), cause);
    }

    /** Many elements across many segments keep their order. */
    @Test
    void manyElementsInOrder() throws Exception {
        Channel<Integer> c = Channel.unlimited();
        for (int i = 0; i < 100_000; i++) {
            c.send(i);
        }
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, c.receive());
        }
        assertTrue(c.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingReceiversAreServedInOrder(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.unlimited();
        Worker<Integer> first = blockedReceiver(threads, c);
        Worker<Integer> second = blockedReceiver(threads, c);
        c.send(1);
        c.send(2);
        assertEquals(1, first.join());
        assertEquals(2, second.join());
    }
}
