package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Send, receive, close and the non-blocking calls, on every kind of channel. */
@Timeout(20)
class BasicOperationsTest extends AbstractChannelTest {

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void sendReceiveThenClose(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        int n = 200;
        Worker<Void> producer = start(threads, "producer", () -> {
            for (int i = 0; i < n; i++) {
                c.send(i);
            }
            c.close();
            return null;
        });
        int expected = 0;
        int count = 0;
        for (ChannelIterator<Integer> it = c.iterator(); it.hasNext(); ) {
            int x = it.next();
            if (kind.lossless()) {
                assertEquals(expected, x);
                expected++;
            } else {
                assertTrue(x >= expected, "a lossy channel still keeps order: got " + x + " after " + (expected - 1));
                expected = x + 1;
            }
            count++;
        }
        producer.join();
        if (kind.lossless()) {
            assertEquals(n, count);
        } else if (kind.overflow != BufferOverflow.DROP_LATEST) {
            assertEquals(n, expected, "the last element sent before close is never dropped by DROP_OLDEST");
        }
        assertTrue(c.isClosedForReceive());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void trySendToFullChannelFails(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        for (int i = 0; i < 1100; i++) {
            c.trySend(42);
        }
        ChannelResult<Void> r = c.trySend(1);
        if (kind.sendMayBlock() && kind.capacity <= 1024) {
            assertTrue(r.isFailure());
            assertFalse(r.isSuccess());
            assertFalse(r.isClosed());
            assertNull(r.exceptionOrNull());
        } else {
            assertTrue(r.isSuccess(), kind + " never refuses a trySend");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void trySendAfterCloseWithWaitingSender(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        int buffered = kind.sendMayBlock() ? fill(c, 100) : 0;
        Worker<Void> sender = kind.sendMayBlock() ? blockedSender(threads, c, 42) : null;
        if (sender == null) {
            c.send(42);
        }
        assertTrue(c.close());
        assertTrue(c.isClosedForSend());
        ChannelResult<Void> r = c.trySend(2);
        assertTrue(r.isClosed());
        assertTrue(r.isFailure());
        assertFalse(r.isSuccess());
        assertNull(r.exceptionOrNull(), "closed without a cause");
        // whatever was in the channel before the close is still received, including the waiting sender's element
        for (int i = 0; i < buffered; i++) {
            assertEquals(100 + i, c.receive());
        }
        assertEquals(42, c.receive());
        if (sender != null) {
            sender.join();
        }
        assertThrows(ClosedReceiveChannelException.class, c::receive);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void sendAfterCloseThrows(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        c.close();
        ClosedSendChannelException e = assertThrows(ClosedSendChannelException.class, () -> c.send(1));
        assertNull(e.getCause());
        assertThrows(ClosedSendChannelException.class, () -> c.send(1, Duration.ofSeconds(1)));
        assertThrows(ClosedSendChannelException.class, () -> c.send(1, Duration.ZERO));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void sendAfterCloseWithCauseCarriesTheCause(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        TestException cause = new TestException("closed on purpose");
        assertTrue(c.close(cause));
        ClosedSendChannelException e = assertThrows(ClosedSendChannelException.class, () -> c.send(1));
        assertSame(cause, e.getCause());
        ChannelResult<Void> r = c.trySend(1);
        assertTrue(r.isClosed());
        assertSame(cause, r.exceptionOrNull());
        ClosedReceiveChannelException re = assertThrows(ClosedReceiveChannelException.class, c::receive);
        assertSame(cause, re.getCause());
        ChannelResult<Integer> rr = c.receiveCatching();
        assertTrue(rr.isClosed());
        assertSame(cause, rr.exceptionOrNull());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void receiveCatching(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        Worker<Void> sender = start(threads, "sender", () -> {
            c.send(1);
            return null;
        });
        ChannelResult<Integer> result = c.receiveCatching();
        assertEquals(1, result.getOrThrow());
        assertEquals(1, result.getOrNull());
        assertEquals(ChannelResult.success(1), result);
        assertTrue(result.isSuccess());
        assertFalse(result.isClosed());
        sender.join();

        Worker<ChannelResult<Integer>> receiver = startBlocked(threads, "receiver", c::receiveCatching);
        c.close();
        ChannelResult<Integer> closed = receiver.join();
        assertNull(closed.getOrNull());
        assertTrue(closed.isClosed());
        assertTrue(closed.isFailure());
        assertNull(closed.exceptionOrNull());
        assertEquals(ChannelResult.closed(null), closed);
        assertThrows(ClosedReceiveChannelException.class, closed::getOrThrow);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void closeReturnsTrueOnlyOnce(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        assertTrue(c.close());
        assertFalse(c.close());
        assertFalse(c.close(new TestException("late")));
        assertTrue(c.isClosedForSend());
        // the first close wins: no cause
        ClosedReceiveChannelException e = assertThrows(ClosedReceiveChannelException.class, c::receive);
        assertNull(e.getCause());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void concurrentClosesHaveOneWinner(ThreadKind threads) throws Exception {
        for (int round = 0; round < 20; round++) {
            Channel<Integer> c = Channel.buffered(4);
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger handlerRuns = new AtomicInteger();
            c.invokeOnClose(cause -> handlerRuns.incrementAndGet());
            try (ExecutorService ex = threads.newExecutor()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    fs.add(ex.submit(() -> {
                        if (c.close()) {
                            winners.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                }
            }
            assertEquals(1, winners.get());
            assertEquals(1, handlerRuns.get());
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void nullElementsAreRejected(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertThrows(NullPointerException.class, () -> c.send(null, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> c.send(1, null));
        assertThrows(NullPointerException.class, () -> c.receive(null));
        assertThrows(NullPointerException.class, () -> c.invokeOnClose(null));
        // nothing got in
        assertTrue(c.isEmpty());
        assertTrue(c.tryReceive().isFailure());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void nullOnClosedChannelIsStillRejected(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        c.close();
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void iteratorHasNextMustPrecedeNext(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        ChannelIterator<Integer> it = c.iterator();
        assertThrows(IllegalStateException.class, it::next);
        c.close();
        assertThrows(IllegalStateException.class, it::next);
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(IllegalStateException.class, it::next);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void isEmptyFollowsTheContent(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        assertTrue(c.isEmpty());
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(7);
            assertFalse(c.isEmpty());
            assertEquals(7, c.receive());
        }
        assertTrue(c.isEmpty());
        c.close();
        assertFalse(c.isEmpty(), "a channel closed for receive is not 'empty'");
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void tryReceiveOnClosedChannel(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(5);
        }
        TestException cause = new TestException("done");
        c.close(cause);
        if (kind.capacity != Channel.RENDEZVOUS) {
            assertFalse(c.isClosedForReceive());
            assertEquals(ChannelResult.success(5), c.tryReceive());
        }
        assertTrue(c.isClosedForReceive());
        ChannelResult<Integer> r = c.tryReceive();
        assertTrue(r.isClosed());
        assertTrue(r.isFailure());
        assertSame(cause, r.exceptionOrNull());
        ClosedReceiveChannelException e = assertThrows(ClosedReceiveChannelException.class, r::getOrThrow);
        assertSame(cause, e.getCause());
    }

    /** Several producers and consumers: every element arrives exactly once. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void manyProducersManyConsumers(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int producers = 3;
        int consumers = 3;
        int perProducer = 400;
        BitSet seen = new BitSet();
        AtomicInteger duplicates = new AtomicInteger();
        try (ExecutorService ex = threads.newExecutor()) {
            List<Future<?>> prod = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                prod.add(ex.submit(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        c.send(base + i);
                    }
                    return null;
                }));
            }
            List<Future<?>> cons = new ArrayList<>();
            for (int k = 0; k < consumers; k++) {
                cons.add(ex.submit(() -> {
                    for (ChannelIterator<Integer> it = c.iterator(); it.hasNext(); ) {
                        int x = it.next();
                        synchronized (seen) {
                            if (seen.get(x)) {
                                duplicates.incrementAndGet();
                            }
                            seen.set(x);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : prod) {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            c.close();
            for (Future<?> f : cons) {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }
        assertEquals(0, duplicates.get());
        int received;
        synchronized (seen) {
            received = seen.cardinality();
            for (int x : dropped.list()) {
                assertFalse(seen.get(x), "element " + x + " was both received and dropped");
            }
        }
        if (kind.lossless()) {
            assertEquals(producers * perProducer, received);
            dropped.assertNone();
        } else {
            assertEquals(producers * perProducer, received + dropped.size(),
                    "every element is either received or handed to onUndeliveredElement");
        }
    }

    @Test
    void channelOfResultsIsJustElements() throws Exception {
        Channel<CancellationException> c = Channel.buffered(2);
        CancellationException element = new CancellationException("an element, not a cancel");
        c.send(element);
        c.close();
        assertSame(element, c.receive());
        assertInstanceOf(ClosedReceiveChannelException.class, assertThrows(NoSuchElementException.class, c::receive));
    }
}
