package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ReceiveChannel#receiveCatching()}: elements as successes, close and cancel as closed results. */
@Timeout(20)
class ChannelReceiveCatchingTest extends AbstractChannelTest {

    /** Throwables are ordinary elements; only the close cause shows up as {@code exceptionOrNull()}. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void channelOfThrowables(ThreadKind threads) throws Exception {
        Channel<Throwable> c = Channel.rendezvous();
        TestException element = new TestException("element");
        TestException cause = new TestException("cause");
        Worker<Void> sender = start(threads, "sender", () -> {
            c.send(element);
            c.close(cause);
            return null;
        });
        ChannelResult<Throwable> first = c.receiveCatching();
        assertSame(element, first.getOrThrow());
        assertSame(element, first.getOrNull());
        assertNull(first.exceptionOrNull(), "a success carries no exception even when the element is one");
        ChannelResult<Throwable> closed = c.receiveCatching();
        assertTrue(closed.isClosed());
        assertTrue(closed.isFailure());
        assertSame(cause, closed.exceptionOrNull());
        sender.join();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void successThenClosedTwice(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        Worker<Void> sender = start(threads, "sender", () -> {
            c.send(1);
            c.send(2);
            c.close();
            return null;
        });
        ChannelResult<Integer> one = c.receiveCatching();
        assertEquals(1, one.getOrThrow());
        assertEquals("Value(1)", one.toString());
        assertEquals(ChannelResult.success(1), one);
        assertFalse(one.isFailure());
        assertFalse(one.isClosed());
        assertEquals(2, c.receiveCatching().getOrThrow());
        ChannelResult<Integer> closed = c.receiveCatching();
        assertTrue(closed.isClosed());
        assertTrue(closed.isFailure());
        ChannelResult<Integer> closedAgain = c.receiveCatching();
        assertTrue(closedAgain.isClosed());
        assertTrue(closedAgain.isFailure());
        assertNull(closedAgain.exceptionOrNull());
        sender.join();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingReceiveCatchingSeesCancel(ThreadKind threads) {
        Channel<Boolean> c = Channel.rendezvous();
        Worker<ChannelResult<Boolean>> receiver = startBlocked(threads, "receiver", c::receiveCatching);
        c.cancel();
        ChannelResult<Boolean> r = receiver.join();
        assertTrue(r.isClosed());
        assertTrue(r.isFailure());
        assertInstanceOf(CancellationException.class, r.exceptionOrNull());
        assertThrows(CancellationException.class, r::getOrThrow);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingReceiveCatchingSeesClose(ThreadKind threads) {
        Channel<Integer> c = Channel.buffered(3);
        Worker<ChannelResult<Integer>> receiver = startBlocked(threads, "receiver", c::receiveCatching);
        TestException cause = new TestException("bye");
        c.close(cause);
        ChannelResult<Integer> r = receiver.join();
        assertTrue(r.isClosed());
        assertSame(cause, r.exceptionOrNull());
        ClosedReceiveChannelException e = assertThrows(ClosedReceiveChannelException.class, r::getOrThrow);
        assertSame(cause, e.getCause());
    }

    /** Results may travel through a channel as elements without being confused with the channel's own. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void channelOfResults(ThreadKind threads) throws Exception {
        Channel<ChannelResult<Integer>> c = Channel.rendezvous();
        TestException inner = new TestException("inner");
        TestException outer = new TestException("outer");
        Worker<Void> sender = start(threads, "sender", () -> {
            c.send(ChannelResult.success(1));
            c.send(ChannelResult.closed(inner));
            c.close(outer);
            return null;
        });
        ChannelResult<ChannelResult<Integer>> first = c.receiveCatching();
        assertEquals(1, first.getOrThrow().getOrThrow());
        assertFalse(first.isFailure());
        assertFalse(first.isClosed());
        ChannelResult<ChannelResult<Integer>> second = c.receiveCatching();
        assertTrue(second.isSuccess());
        assertSame(inner, second.getOrThrow().exceptionOrNull());
        ChannelResult<ChannelResult<Integer>> third = c.receiveCatching();
        assertTrue(third.isClosed());
        assertSame(outer, third.exceptionOrNull());
        sender.join();
    }

    @Test
    void resultToString() throws Exception {
        Channel<String> c = Channel.buffered(1);
        c.send("message");
        c.close(new TestException("OK"));
        assertEquals("Value(message)", c.receiveCatching().toString());
        String closed = c.receiveCatching().toString();
        assertTrue(closed.matches("Closed\\(.*TestException: OK\\)"), closed);
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void receiveCatchingDrainsBeforeReportingClose(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        Worker<Void> sender = null;
        if (kind.capacity == Channel.RENDEZVOUS) {
            sender = blockedSender(threads, c, 9);
        } else {
            c.send(9);
        }
        TestException cause = new TestException("after 9");
        c.close(cause);
        assertEquals(ChannelResult.success(9), c.receiveCatching());
        ChannelResult<Integer> r = c.receiveCatching();
        assertTrue(r.isClosed());
        assertSame(cause, r.exceptionOrNull());
        if (sender != null) {
            sender.join();
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void receiveCatchingAfterCancel(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(1);
        }
        TestException cause = new TestException("cancelled");
        c.cancel(cause);
        ChannelResult<Integer> r = c.receiveCatching();
        assertTrue(r.isClosed());
        assertCancellation(r.exceptionOrNull(), cause);
        ChannelResult<Integer> t = c.tryReceive();
        assertTrue(t.isClosed());
        assertCancellation(t.exceptionOrNull(), cause);
        assertCancellation(assertThrows(CancellationException.class, t::getOrThrow), cause);
    }
}
