package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupting a thread blocked in the channel: the call is cancelled and throws {@link InterruptedException}, unless
 * the element had already been handed over, in which case it completes with the interrupt flag set.
 */
@Timeout(20)
class ChannelInterruptionTest extends AbstractChannelTest {

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void interruptedReceiveThrowsAndTakesNothing(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        Worker<Integer> receiver = blockedReceiver(threads, c);
        receiver.thread.interrupt();
        receiver.joinThrown(InterruptedException.class);
        assertFalse(receiver.interruptedAfter, "throwing InterruptedException clears the flag");
        // the abandoned receive must not swallow a later element
        if (kind.capacity == Channel.RENDEZVOUS) {
            assertFalse(c.trySend(1).isSuccess(), "no receiver is waiting any more");
            Worker<Integer> next = blockedReceiver(threads, c);
            c.send(2);
            assertEquals(2, next.join());
        } else {
            c.send(1);
            assertEquals(1, c.receive());
        }
        dropped.assertNone();
        assertTrue(c.isEmpty());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void interruptedReceiveCatchingAndTimedReceiveThrow(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        Worker<ChannelResult<Integer>> catching = startBlocked(threads, "catching", c::receiveCatching);
        catching.thread.interrupt();
        catching.joinThrown(InterruptedException.class);
        Worker<Integer> timed = startBlocked(threads, "timed", () -> c.receive(Duration.ofSeconds(60)));
        timed.thread.interrupt();
        timed.joinThrown(InterruptedException.class);
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(3);
            assertEquals(3, c.receive());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void interruptedSendThrowsAndReleasesItsElement(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        Worker<Void> sender = blockedSender(threads, c, -1);
        sender.thread.interrupt();
        sender.joinThrown(InterruptedException.class);
        assertFalse(sender.interruptedAfter, "throwing InterruptedException clears the flag");
        assertEquals(List.of(-1), dropped.list());
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertTrue(c.tryReceive().isFailure(), "the interrupted send's element is not received");
        assertTrue(c.isEmpty());
        // and the channel still works both ways
        Worker<Integer> receiver = blockedReceiver(threads, c);
        c.send(7);
        assertEquals(7, receiver.join());
        assertEquals(List.of(-1), dropped.list());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void interruptedTimedSendReleasesItsElement(ChannelKind kind, ThreadKind threads) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        fill(c, 0);
        Worker<Boolean> sender = startBlocked(threads, "timed-sender", () -> c.send(-1, Duration.ofSeconds(60)));
        sender.thread.interrupt();
        sender.joinThrown(InterruptedException.class);
        assertEquals(List.of(-1), dropped.list());
    }

    /** The flag is only looked at when the call would wait. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void preSetFlagDoesNotStopAnImmediateReceive(ChannelKind kind) throws Exception {
        if (kind.capacity == Channel.RENDEZVOUS) {
            return;
        }
        Channel<Integer> c = kind.create();
        boolean two = kind.bufferSize() >= 2;
        c.send(1);
        if (two) {
            c.send(2);
        }
        int first = withInterruptFlag(() -> {
            int x = c.receive();
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left set");
            return x;
        });
        assertEquals(1, first);
        if (two) {
            ChannelResult<Integer> r = withInterruptFlag(() -> {
                ChannelResult<Integer> x = c.receiveCatching();
                assertTrue(Thread.currentThread().isInterrupted());
                return x;
            });
            assertEquals(ChannelResult.success(2), r);
        }
        c.close();
        withInterruptFlag(() -> {
            // closed and empty: the call does not wait either, so it reports the close
            assertTrue(c.receiveCatching().isClosed());
            assertTrue(Thread.currentThread().isInterrupted());
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void preSetFlagDoesNotStopAnImmediateSend(ChannelKind kind) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        if (kind.capacity == Channel.RENDEZVOUS) {
            return;
        }
        withInterruptFlag(() -> {
            c.send(1);
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left set");
            if (!kind.sendMayBlock() || kind.capacity >= 2) {
                assertTrue(c.send(2, Duration.ofSeconds(5)), "there is room: no waiting");
                assertTrue(Thread.currentThread().isInterrupted());
            }
            return null;
        });
        assertEquals(kind.capacity == Channel.CONFLATED ? 2 : 1, c.receive());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void preSetFlagFailsAReceiveThatWouldWait(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        Thread.currentThread().interrupt();
        try {
            c.receive();
            throw new AssertionError("receive on an empty channel with the flag set must throw");
        } catch (InterruptedException expected) {
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared");
        } finally {
            Thread.interrupted();
        }
        Thread.currentThread().interrupt();
        try {
            c.receive(Duration.ofSeconds(5));
            throw new AssertionError("timed receive on an empty channel with the flag set must throw");
        } catch (InterruptedException expected) {
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared");
        } finally {
            Thread.interrupted();
        }
        // nothing was damaged
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(4);
            assertEquals(4, c.receive());
        } else {
            assertFalse(c.trySend(4).isSuccess());
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void preSetFlagFailsASendThatWouldWait(ChannelKind kind) throws Exception {
        if (!kind.sendMayBlock()) {
            return;
        }
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        Thread.currentThread().interrupt();
        try {
            c.send(-1);
            throw new AssertionError("send on a full channel with the flag set must throw");
        } catch (InterruptedException expected) {
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared");
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(-1), dropped.list());
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertTrue(c.tryReceive().isFailure());
    }

    /** Zero-timeout calls never wait, so a set flag does not matter to them. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void zeroTimeoutIgnoresTheFlag(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        withInterruptFlag(() -> {
            if (kind.capacity == Channel.RENDEZVOUS) {
                assertFalse(c.send(1, Duration.ZERO));
            } else {
                assertTrue(c.send(1, Duration.ZERO));
            }
            assertTrue(Thread.currentThread().isInterrupted());
            return null;
        });
    }

    /**
     * A waiting receiver that was handed an element before its interrupt returns the element with the flag set.
     * Repeated, since when exactly the receiver wakes up varies.
     */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void interruptAfterHandOverToReceiverKeepsTheElement(ChannelKind kind, ThreadKind threads) {
        for (int round = 0; round < 30; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = kind.create(dropped);
            AtomicBoolean interruptSent = new AtomicBoolean();
            Worker<Integer> receiver = startBlocked(threads, "receiver", () -> {
                int x = c.receive();
                while (!interruptSent.get()) {
                    Thread.onSpinWait();
                }
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt must not be swallowed");
                return x;
            });
            assertTrue(c.trySend(round).isSuccess(), "a receiver is waiting");
            receiver.thread.interrupt();
            interruptSent.set(true);
            assertEquals(round, receiver.join(), "round " + round);
            dropped.assertNone();
            assertTrue(c.tryReceive().isFailure());
        }
    }

    /**
     * A waiting sender whose element was taken before its interrupt returns normally with the flag set; the
     * element is not released.
     */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void interruptAfterHandOverFromSenderCompletesTheSend(ChannelKind kind, ThreadKind threads) throws Exception {
        for (int round = 0; round < 30; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = kind.create(dropped);
            int buffered = fill(c, 0);
            AtomicBoolean interruptSent = new AtomicBoolean();
            Worker<Void> sender = startBlocked(threads, "sender", () -> {
                c.send(-1);
                while (!interruptSent.get()) {
                    Thread.onSpinWait();
                }
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt must not be swallowed");
                return null;
            });
            // make room: the waiting sender's element is now taken or buffered
            ChannelResult<Integer> first = c.tryReceive();
            assertTrue(first.isSuccess());
            sender.thread.interrupt();
            interruptSent.set(true);
            sender.join();
            dropped.assertNone();
            for (int i = 1; i < buffered; i++) {
                assertEquals(i, c.receive());
            }
            if (buffered > 0) {
                assertEquals(-1, c.receive(), "the completed send's element is received");
            } else {
                assertEquals(-1, first.getOrThrow());
            }
            assertTrue(c.tryReceive().isFailure());
        }
    }

    /** Interrupting one of several waiting receivers leaves the others, in order, untouched. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptOneOfSeveralReceivers(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.buffered(4);
        Worker<Integer> a = blockedReceiver(threads, c);
        Worker<Integer> b = blockedReceiver(threads, c);
        Worker<Integer> d = blockedReceiver(threads, c);
        b.thread.interrupt();
        b.joinThrown(InterruptedException.class);
        c.send(1);
        c.send(2);
        assertEquals(1, a.join());
        assertEquals(2, d.join());
        assertTrue(c.isEmpty());
    }

    /** Interrupting one of several waiting senders: only its element is released, the rest keep their order. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptOneOfSeveralSenders(ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(1).onUndeliveredElement(dropped).build();
        c.send(0);
        Worker<Void> a = blockedSender(threads, c, 1);
        Worker<Void> b = blockedSender(threads, c, 2);
        Worker<Void> d = blockedSender(threads, c, 3);
        b.thread.interrupt();
        b.joinThrown(InterruptedException.class);
        assertEquals(List.of(2), dropped.list());
        assertEquals(0, c.receive());
        assertEquals(1, c.receive());
        assertEquals(3, c.receive());
        a.join();
        d.join();
        assertTrue(c.isEmpty());
        assertEquals(List.of(2), dropped.list());
    }

    /** A receive that meets a waiting sender does not wait, so the flag does not stop it. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void preSetFlagDoesNotStopReceiveFromWaitingSender(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Integer> c = kind.create();
        int buffered = fill(c, 0);
        Worker<Void> sender = blockedSender(threads, c, buffered);
        for (int i = 0; i <= buffered; i++) {
            int expected = i;
            withInterruptFlag(() -> {
                assertEquals(expected, c.receive());
                assertTrue(Thread.currentThread().isInterrupted());
                return null;
            });
        }
        sender.join();
    }

    /** A send that meets a waiting receiver does not wait, so the flag does not stop it. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void preSetFlagDoesNotStopSendToWaitingReceiver(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        Worker<Integer> receiver = blockedReceiver(threads, c);
        withInterruptFlag(() -> {
            c.send(5);
            assertTrue(Thread.currentThread().isInterrupted());
            return null;
        });
        assertEquals(5, receiver.join());
        dropped.assertNone();
    }

    /** A sender still waiting after close can be interrupted: its element is released and the channel ends. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void interruptSenderWaitingOnClosedChannel(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        Worker<Void> sender = blockedSender(threads, c, -1);
        TestException cause = new TestException("closed");
        c.close(cause);
        assertFalse(c.isClosedForReceive());
        sender.thread.interrupt();
        sender.joinThrown(InterruptedException.class);
        assertEquals(List.of(-1), dropped.list());
        for (int i = 0; i < buffered; i++) {
            assertFalse(c.isClosedForReceive());
            assertEquals(i, c.receive());
        }
        assertTrue(c.isClosedForReceive(), "nothing left to receive");
        ClosedReceiveChannelException e = org.junit.jupiter.api.Assertions.assertThrows(
                ClosedReceiveChannelException.class, c::receive);
        org.junit.jupiter.api.Assertions.assertSame(cause, e.getCause());
    }
}
