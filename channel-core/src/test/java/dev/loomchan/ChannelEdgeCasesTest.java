package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corners: extreme durations, the interrupt flag on closed channels, re-entrant handlers, waiting senders and isEmpty. */
@Timeout(20)
class ChannelEdgeCasesTest extends AbstractChannelTest {

    private static final List<Duration> HUGE = List.of(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
            ChronoUnit.FOREVER.getDuration(), Duration.ofDays(365L * 1000));

    private static final List<Duration> VERY_NEGATIVE = List.of(Duration.ofSeconds(Long.MIN_VALUE),
            Duration.ofDays(-365L * 1000), Duration.ofNanos(-1));

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void hugeTimeoutsWithElementsAvailable(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        for (Duration d : HUGE) {
            if (kind.capacity == Channel.RENDEZVOUS) {
                assertNull(c.receive(Duration.ZERO));
                continue;
            }
            assertTrue(c.send(1, d), "send with timeout " + d);
            assertEquals(1, c.receive(d), "receive with timeout " + d);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void hugeTimeoutsWhileWaiting(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        for (Duration d : HUGE) {
            Worker<Integer> receiver = startBlocked(threads, "receiver", () -> c.receive(d));
            c.send(1);
            assertEquals(1, receiver.join(), "receive with timeout " + d);
            Worker<Boolean> sender = startBlocked(threads, "sender", () -> c.send(2, d));
            assertEquals(2, c.receive());
            assertTrue(sender.join(), "send with timeout " + d);
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void veryNegativeTimeoutsDoNotWait(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        for (Duration d : VERY_NEGATIVE) {
            assertNull(c.receive(d), "receive with timeout " + d);
            if (kind.sendMayBlock()) {
                fill(c, 0);
                assertFalse(c.send(-1, d), "send with timeout " + d);
                while (c.tryReceive().isSuccess()) {
                    // empty it again
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void interruptFlagOnClosedChannel(ChannelKind kind) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        c.close();
        withInterruptFlag(() -> {
            assertThrows(ClosedReceiveChannelException.class, c::receive, "a closed channel does not wait");
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left alone");
            assertThrows(ClosedReceiveChannelException.class, () -> c.receive(Duration.ofSeconds(5)));
            assertThrows(ClosedSendChannelException.class, () -> c.send(1));
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left alone");
            assertFalse(c.iterator().hasNext());
            assertTrue(Thread.currentThread().isInterrupted());
            return null;
        });
        assertEquals(List.of(1), dropped.list());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void hasNextWithFlagSetAndElementAvailable(ChannelKind kind) throws Exception {
        if (kind.capacity == Channel.RENDEZVOUS) {
            return;
        }
        Channel<Integer> c = kind.create();
        c.send(3);
        ChannelIterator<Integer> it = c.iterator();
        withInterruptFlag(() -> {
            assertTrue(it.hasNext());
            assertEquals(3, it.next());
            assertTrue(Thread.currentThread().isInterrupted());
            return null;
        });
    }

    /** A waiting sender's element counts as something to receive. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void waitingSenderMakesTheChannelNonEmpty(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        int buffered = fill(c, 0);
        Worker<Void> sender = blockedSender(threads, c, buffered);
        assertFalse(c.isEmpty());
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
            assertFalse(c.isEmpty());
        }
        assertEquals(buffered, c.receive());
        sender.join();
        assertTrue(c.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void receiveFromWaitingSenderAfterCloseWithTimeout(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        Worker<Void> sender = blockedSender(threads, c, 8);
        c.close();
        assertEquals(8, c.receive(Duration.ZERO));
        sender.join();
        assertThrows(ClosedReceiveChannelException.class, () -> c.receive(Duration.ZERO));
    }

    /** The close handler sees the channel already closed and may use it. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void closeHandlerMayUseTheChannel(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(1);
        }
        AtomicReference<String> seen = new AtomicReference<>();
        c.invokeOnClose(cause -> seen.set("closedForSend=" + c.isClosedForSend() + " trySend="
                + (c.trySend(2).isClosed() ? "closed" : "open") + " toString=" + (c.toString() != null)));
        assertTrue(c.close());
        assertEquals("closedForSend=true trySend=closed toString=true", seen.get());
        if (kind.capacity != Channel.RENDEZVOUS) {
            assertEquals(1, c.receive());
        }
        assertTrue(c.isClosedForReceive());
    }

    /** onUndeliveredElement may call back into the channel without deadlock. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void undeliveredHandlerMayUseTheChannel(ChannelKind kind) throws Exception {
        List<String> log = new ArrayList<>();
        AtomicReference<Channel<Integer>> self = new AtomicReference<>();
        Channel<Integer> c = kind.create(e -> {
            Channel<Integer> ch = self.get();
            synchronized (log) {
                log.add(e + ":" + ch.isClosedForSend() + ":" + ch.tryReceive().isClosed() + ":" + (ch.toString() != null));
            }
        });
        self.set(c);
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(1);
        }
        c.cancel();
        assertThrows(java.util.concurrent.CancellationException.class, () -> c.send(2));
        List<String> expected = kind.capacity == Channel.RENDEZVOUS ? List.of("2:true:true:true")
                : List.of("1:true:true:true", "2:true:true:true");
        assertEquals(expected, log);
    }

    /** A DROP_* handler that sends into the same channel again must not deadlock or lose track. */
    @Test
    void overflowHandlerResendingIntoAnotherChannel() throws Exception {
        Channel<Integer> overflow = Channel.unlimited();
        Channel<Integer> c = Channel.<Integer>builder().capacity(2).onBufferOverflow(BufferOverflow.DROP_OLDEST)
                .onUndeliveredElement(e -> assertTrue(overflow.trySend(e).isSuccess())).build();
        for (int i = 0; i < 10; i++) {
            c.send(i);
        }
        assertEquals(8, c.receive());
        assertEquals(9, c.receive());
        overflow.close();
        List<Integer> spilled = new ArrayList<>();
        for (ChannelIterator<Integer> it = overflow.iterator(); it.hasNext(); ) {
            spilled.add(it.next());
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), spilled);
    }

    /** The handler runs on the thread whose operation abandoned the element. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void handlerThreads(ThreadKind threads) throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(1)
                .onUndeliveredElement(e -> ranOn.set(Thread.currentThread())).build();
        c.send(0);
        Worker<Void> sender = blockedSender(threads, c, 1);
        sender.thread.interrupt();
        sender.joinThrown(InterruptedException.class);
        assertSame(sender.thread, ranOn.get(), "an interrupted send releases on its own thread");
        Worker<Void> canceller = start(threads, "canceller", () -> {
            c.cancel();
            return null;
        });
        canceller.join();
        assertSame(canceller.thread, ranOn.get(), "cancel releases on the cancelling thread");
    }

    /** Builders are reusable and build independent channels. */
    @Test
    void builderBuildsIndependentChannels() throws Exception {
        Channel.Builder<Integer> b = Channel.<Integer>builder().capacity(2).name("twin");
        Channel<Integer> first = b.build();
        Channel<Integer> second = b.build();
        first.send(1);
        first.close();
        assertTrue(second.isEmpty());
        assertFalse(second.isClosedForSend());
        assertTrue(second.trySend(2).isSuccess());
        assertEquals(1, first.receive());
        assertEquals(2, second.receive());
    }
}
