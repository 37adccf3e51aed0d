package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waiters that give up (interrupted or timed out) leave abandoned cells behind, possibly whole segments of them
 * (32 cells by default). The channel must skip them without losing elements, reordering or changing its capacity.
 */
@Timeout(30)
class ChannelWaiterCancellationTest extends AbstractChannelTest {

    /** After all the traffic, the channel admits exactly its capacity again. */
    private static void assertCapacityIntact(ChannelKind kind, Channel<Integer> c) {
        assertTrue(c.isEmpty(), c.toString());
        int n = fill(c, 1_000_000);
        if (kind.capacity == Channel.RENDEZVOUS) {
            assertEquals(0, n, "rendezvous channel accepted trySend without a receiver");
        } else {
            assertEquals(kind.capacity, n, "capacity after abandoned cells: " + c);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1_000_000 + i, c.tryReceive().getOrThrow());
        }
        assertTrue(c.tryReceive().isFailure());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void manyInterruptedReceiversAcrossSegments(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        List<Worker<Integer>> receivers = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            receivers.add(blockedReceiver(threads, c));
        }
        Worker<Integer> survivor = blockedReceiver(threads, c);
        for (Worker<Integer> r : receivers) {
            r.thread.interrupt();
        }
        for (Worker<Integer> r : receivers) {
            r.joinThrown(InterruptedException.class);
        }
        c.send(42);
        assertEquals(42, survivor.join(), "the only receiver still waiting gets the element");
        assertTrue(c.isEmpty());
        dropped.assertNone();
        if (kind.sendMayBlock()) {
            assertCapacityIntact(kind, c);
        }
        // ordinary traffic goes on
        for (int i = 0; i < 5; i++) {
            Worker<Integer> r = blockedReceiver(threads, c);
            c.send(i);
            assertEquals(i, r.join());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void interruptedSendersInTheMiddleOfTheQueue(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            senders.add(blockedSender(threads, c, buffered + i));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < buffered; i++) {
            expected.add(i);
        }
        List<Integer> expectDropped = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            if (i % 3 == 1) {
                senders.get(i).thread.interrupt();
                senders.get(i).joinThrown(InterruptedException.class);
                expectDropped.add(buffered + i);
            } else {
                expected.add(buffered + i);
            }
        }
        assertEquals(expectDropped, dropped.list());
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            got.add(c.receive());
        }
        assertEquals(expected, got);
        for (int i = 0; i < senders.size(); i++) {
            if (i % 3 != 1) {
                senders.get(i).join();
            }
        }
        assertNull(c.receive(Duration.ZERO));
        assertCapacityIntact(kind, c);
        assertEquals(expectDropped, dropped.list());
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void allSendersInterruptedAcrossSegments(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            senders.add(blockedSender(threads, c, -1 - i));
        }
        for (Worker<Void> s : senders) {
            s.thread.interrupt();
        }
        for (Worker<Void> s : senders) {
            s.joinThrown(InterruptedException.class);
        }
        assertEquals(70, dropped.size());
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertNull(c.receive(Duration.ZERO), "no interrupted send's element may be received");
        assertCapacityIntact(kind, c);
        Worker<Integer> r = blockedReceiver(threads, c);
        c.send(5);
        assertEquals(5, r.join());
        assertEquals(70, dropped.size());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void manyTimedOutReceivesAcrossSegments(ChannelKind kind) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        for (int i = 0; i < 100; i++) {
            assertNull(c.receive(Duration.ofNanos(1000)));
        }
        assertTrue(c.isEmpty());
        if (kind.sendMayBlock()) {
            assertCapacityIntact(kind, c);
        } else {
            c.send(1);
            assertEquals(1, c.receive());
        }
        dropped.assertNone();
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void manyTimedOutSendsAcrossSegments(ChannelKind kind) throws Exception {
        if (!kind.sendMayBlock()) {
            return;
        }
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int buffered = fill(c, 0);
        for (int i = 0; i < 100; i++) {
            assertFalse(c.send(-1, Duration.ofNanos(1000)));
        }
        dropped.assertNone();
        for (int i = 0; i < buffered; i++) {
            assertEquals(i, c.receive());
        }
        assertNull(c.receive(Duration.ZERO));
        assertCapacityIntact(kind, c);
    }

    /** Alternate abandoned and real waiters on both sides for a while, checking order and capacity. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void mixedAbandonedAndRealTraffic(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int next = 0;
        int expect = 0;
        for (int round = 0; round < 40; round++) {
            // an abandoned receive, then a real hand-off
            assertNull(c.receive(Duration.ofNanos(500)));
            Worker<Integer> r = blockedReceiver(threads, c);
            c.send(next++);
            assertEquals(expect++, r.join());
            // a full channel, an abandoned send, then drain
            int buffered = 0;
            while (c.trySend(next).isSuccess()) {
                next++;
                buffered++;
            }
            assertFalse(c.send(-1, Duration.ofNanos(500)));
            Worker<Void> s = blockedSender(threads, c, next++);
            for (int i = 0; i <= buffered; i++) {
                assertEquals(expect++, c.receive(), "round " + round);
            }
            s.join();
            assertTrue(c.isEmpty());
        }
        dropped.assertNone();
        assertCapacityIntact(kind, c);
    }
}
