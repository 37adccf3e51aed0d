package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timed send and receive: a time-out leaves no trace in the channel and gives nothing to the handler. */
@Timeout(20)
class ChannelTimeoutTest extends AbstractChannelTest {

    private static final Duration SHORT = Duration.ofMillis(30);
    private static final Duration LONG = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void receiveTimesOutOnEmptyChannel(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        assertNull(c.receive(SHORT));
        assertNull(c.receive(Duration.ZERO));
        assertNull(c.receive(Duration.ofMillis(-5)));
        assertNull(c.receive(Duration.ofNanos(1)));
        assertTrue(c.isEmpty());
        assertFalse(c.isClosedForReceive());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void zeroAndNegativeTimeoutsStillReceiveWhatIsThere(ChannelKind kind) throws Exception {
        if (kind.capacity == Channel.RENDEZVOUS) {
            return;
        }
        Channel<Integer> c = kind.create();
        c.send(1);
        assertEquals(1, c.receive(Duration.ZERO));
        c.send(2);
        assertEquals(2, c.receive(Duration.ofSeconds(-1)));
        assertNull(c.receive(Duration.ZERO));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void zeroTimeoutReceiveTakesFromWaitingSender(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        Worker<Void> sender = blockedSender(threads, c, 5);
        assertEquals(5, c.receive(Duration.ZERO));
        sender.join();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void zeroTimeoutSendGoesToWaitingReceiver(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        Worker<Integer> receiver = blockedReceiver(threads, c);
        assertTrue(c.send(6, Duration.ZERO));
        assertEquals(6, receiver.join());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void sendTimesOutOnFullChannelWithoutReleasing(ChannelKind kind) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        if (!kind.sendMayBlock()) {
            assertTrue(c.send(1, SHORT), kind + " never waits");
            assertTrue(c.send(2, Duration.ZERO));
            return;
        }
        int buffered = fill(c, 0);
        assertFalse(c.send(-1, SHORT));
        assertFalse(c.send(-2, Duration.ZERO));
        assertFalse(c.send(-3, Duration.ofMillis(-1)));
        dropped.assertNone();
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertTrue(c.tryReceive().isFailure(), "timed-out elements were not sent");
        assertTrue(c.isEmpty());
        dropped.assertNone();
    }

    /** A timed-out receive leaves no waiter behind that could swallow a later element. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void timedOutReceiveLeavesNoTrace(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        for (int i = 0; i < 5; i++) {
            assertNull(c.receive(Duration.ofMillis(1)));
        }
        if (kind.capacity == Channel.RENDEZVOUS) {
            assertFalse(c.trySend(1).isSuccess(), "no receiver is waiting any more");
            Worker<Void> sender = blockedSender(threads, c, 2);
            assertEquals(2, c.receive());
            sender.join();
        } else {
            c.send(1);
            assertEquals(1, c.receive());
        }
        dropped.assertNone();
    }

    /** A timed-out send leaves nothing a later receiver could take. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void timedOutSendLeavesNoTrace(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        int buffered = fill(c, 0);
        for (int i = 0; i < 5; i++) {
            assertFalse(c.send(-1, Duration.ofMillis(1)));
        }
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertNull(c.receive(Duration.ZERO));
        Worker<Integer> receiver = blockedReceiver(threads, c);
        c.send(9);
        assertEquals(9, receiver.join());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void timedReceiveGetsALaterElement(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        Worker<Integer> receiver = startBlocked(threads, "timed-receiver", () -> c.receive(LONG));
        assertEquals(Thread.State.TIMED_WAITING, receiver.thread.getState());
        c.send(11);
        assertEquals(11, receiver.join());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void timedSendGetsInWhenRoomAppears(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        int buffered = fill(c, 0);
        Worker<Boolean> sender = startBlocked(threads, "timed-sender", () -> c.send(buffered, LONG));
        assertEquals(Thread.State.TIMED_WAITING, sender.thread.getState());
        for (int i = 0; i <= buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertTrue(sender.join());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void timedSendWaitingAtCloseStillDelivers(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        int buffered = fill(c, 0);
        Worker<Boolean> sender = startBlocked(threads, "timed-sender", () -> c.send(buffered, LONG));
        c.close();
        for (int i = 0; i <= buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertTrue(sender.join());
        assertThrows(ClosedReceiveChannelException.class, c::receive);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void timedCallsOnClosedChannel(ChannelKind kind) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        TestException cause = new TestException("closed");
        c.close(cause);
        assertSame(cause, assertThrows(ClosedSendChannelException.class, () -> c.send(1, LONG)).getCause());
        assertSame(cause, assertThrows(ClosedSendChannelException.class, () -> c.send(2, Duration.ZERO)).getCause());
        assertEquals(List.of(1, 2), dropped.list(), "a timed send that finds the channel closed releases its element");
        assertSame(cause, assertThrows(ClosedReceiveChannelException.class, () -> c.receive(LONG)).getCause());
        assertSame(cause, assertThrows(ClosedReceiveChannelException.class, () -> c.receive(Duration.ZERO)).getCause());
    }

    /** Many short timed calls racing with real traffic: every element is received exactly once. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void timedCallsRacingWithTraffic(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int n = 300;
        Worker<Integer> producer = start(threads, "producer", () -> {
            int sent = 0;
            for (int i = 0; i < n; i++) {
                while (!c.send(i, Duration.ofNanos(50_000))) {
                    Thread.onSpinWait();
                }
                sent++;
            }
            return sent;
        });
        int expected = 0;
        while (expected < n) {
            Integer x = c.receive(Duration.ofNanos(50_000));
            if (x != null) {
                assertEquals(expected, x);
                expected++;
            }
        }
        assertEquals(n, producer.join());
        assertNull(c.receive(Duration.ZERO));
        dropped.assertNone();
    }

    /** A timed sender still waiting after close may time out: not sent, not released, and the channel ends. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void timedSenderWaitingOnClosedChannelTimesOut(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        Worker<Boolean> sender = startBlocked(threads, "timed-sender", () -> c.send(-1, Duration.ofMillis(200)));
        c.close();
        assertFalse(sender.join(), "nobody received it in time");
        dropped.assertNone();
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertTrue(c.isClosedForReceive());
        assertThrows(ClosedReceiveChannelException.class, c::receive);
    }
}
