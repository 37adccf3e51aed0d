package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ChannelIterator}: waiting hasNext, the end of iteration, and misuse. */
@Timeout(20)
class ChannelIteratorTest extends AbstractChannelTest {

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void closedChannelHasNoNext(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        ChannelIterator<Integer> it = c.iterator();
        c.close();
        assertFalse(it.hasNext());
        assertFalse(it.hasNext(), "hasNext stays false");
        assertThrows(NoSuchElementException.class, it::next);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void closedWithCauseHasNextThrows(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        ChannelIterator<Integer> it = c.iterator();
        TestException cause = new TestException("failed producer");
        c.close(cause);
        ClosedReceiveChannelException e = assertThrows(ClosedReceiveChannelException.class, it::hasNext);
        assertSame(cause, e.getCause());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void cancelledHasNextThrows(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        ChannelIterator<Integer> it = c.iterator();
        TestException cause = new TestException("stop");
        c.cancel(cause);
        assertCancellation(assertThrows(CancellationException.class, it::hasNext), cause);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void drainsBufferedElementsAfterClose(ChannelKind kind) throws Exception {
        if (kind.capacity == Channel.RENDEZVOUS) {
            return;
        }
        Channel<Integer> c = kind.create();
        int n = Math.min(kind.bufferSize(), 3);
        for (int i = 0; i < n; i++) {
            c.send(i);
        }
        TestException cause = new TestException("after the elements");
        c.close(cause);
        ChannelIterator<Integer> it = c.iterator();
        List<Integer> got = new ArrayList<>();
        ClosedReceiveChannelException e = assertThrows(ClosedReceiveChannelException.class, () -> {
            while (it.hasNext()) {
                got.add(it.next());
            }
        });
        assertSame(cause, e.getCause());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(kind.capacity == Channel.CONFLATED ? List.of(n - 1) : expected, got);
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void waitingHasNextIsWokenBySend(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        ChannelIterator<Integer> it = c.iterator();
        Worker<Integer> consumer = startBlocked(threads, "consumer", () -> it.hasNext() ? it.next() : -1);
        c.send(5);
        assertEquals(5, consumer.join());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void waitingHasNextIsWokenByClose(ChannelKind kind, ThreadKind threads) {
        Channel<Integer> c = kind.create();
        Worker<Boolean> consumer = startBlocked(threads, "consumer", () -> c.iterator().hasNext());
        c.close();
        assertFalse(consumer.join());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void waitingHasNextIsWokenByCloseWithCause(ChannelKind kind, ThreadKind threads) {
        Channel<Integer> c = kind.create();
        Worker<Boolean> consumer = startBlocked(threads, "consumer", () -> c.iterator().hasNext());
        TestException cause = new TestException("failed");
        c.close(cause);
        assertSame(cause, consumer.joinThrown(ClosedReceiveChannelException.class).getCause());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void waitingHasNextIsWokenByCancel(ChannelKind kind, ThreadKind threads) {
        Channel<Integer> c = kind.create();
        Worker<Boolean> consumer = startBlocked(threads, "consumer", () -> c.iterator().hasNext());
        c.cancel();
        consumer.joinThrown(CancellationException.class);
    }

    /** An interrupted hasNext takes no element; the same iterator works afterwards. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptedHasNextTakesNothing(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.buffered(2);
        ChannelIterator<Integer> it = c.iterator();
        Worker<Boolean> consumer = startBlocked(threads, "consumer", it::hasNext);
        consumer.thread.interrupt();
        consumer.joinThrown(InterruptedException.class);
        c.send(1);
        assertTrue(it.hasNext());
        assertEquals(1, it.next());
        assertTrue(c.isEmpty());
    }

    /** Each next() needs its own hasNext(). */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void nextTwiceFails(ChannelKind kind) throws Exception {
        if (kind.bufferSize() < 2) {
            return;
        }
        Channel<Integer> c = kind.create();
        c.send(1);
        c.send(2);
        ChannelIterator<Integer> it = c.iterator();
        assertTrue(it.hasNext());
        assertEquals(1, it.next());
        assertThrows(IllegalStateException.class, it::next);
        assertTrue(it.hasNext());
        assertEquals(2, it.next());
    }

    /** Two iterators on the same channel share the elements: each is received once. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void twoIteratorsShareTheElements(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.buffered(4);
        Action<List<Integer>> drain = () -> {
            List<Integer> got = new ArrayList<>();
            for (ChannelIterator<Integer> it = c.iterator(); it.hasNext(); ) {
                got.add(it.next());
            }
            return got;
        };
        Worker<List<Integer>> a = start(threads, "a", drain);
        Worker<List<Integer>> b = start(threads, "b", drain);
        for (int i = 0; i < 1000; i++) {
            c.send(i);
        }
        c.close();
        List<Integer> all = new ArrayList<>(a.join());
        all.addAll(b.join());
        all.sort(null);
        assertEquals(1000, all.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, all.get(i));
        }
    }
}
