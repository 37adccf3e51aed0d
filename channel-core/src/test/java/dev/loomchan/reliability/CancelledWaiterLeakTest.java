package dev.loomchan.reliability;

import dev.loomchan.Channel;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancelled waiters leave nothing behind: a sender or receiver that was interrupted or timed out while parked is not
 * retained by the channel (neither its thread, nor its waiter token, nor, for a sender, its element), and a long churn
 * of timed-out operations keeps the segment list short. In the manner of kotlinx.coroutines'
 * {@code CancelledChannelLeakTest} and {@code ChannelMemoryLeakStressTest}.
 *
 * <p>{@code dev.loomchan.properties.SegmentReclamationTest} already covers a million timed-out <em>receives</em> and
 * 20 000 interrupted virtual-thread waiters by segment count; this class adds timed-out <em>sends</em>, concurrent
 * churn, platform threads, and checks the threads and elements themselves.
 */
class CancelledWaiterLeakTest {
    /** Segments allowed to stay reachable after the churn. */
    static final int MAX_SEGMENTS = 10;
    private static final int WAITERS = 64;
    private static final int CHURN = 200_000;

    static Stream<Arguments> blockingCapacitiesAndThreads() {
        List<Arguments> list = new ArrayList<>();
        for (int capacity : new int[]{Channel.RENDEZVOUS, 1, 16}) {
            for (ThreadKind t : ThreadKind.values()) {
                list.add(Arguments.of(capacity, t));
            }
        }
        return list.stream();
    }

    static Stream<Arguments> receiveCapacitiesAndThreads() {
        List<Arguments> list = new ArrayList<>();
        for (int capacity : new int[]{Channel.RENDEZVOUS, 16, Channel.UNLIMITED, Channel.CONFLATED}) {
            for (ThreadKind t : ThreadKind.values()) {
                list.add(Arguments.of(capacity, t));
            }
        }
        return list.stream();
    }

    // ------------------------------------------------------------------------- interrupted / timed-out receivers

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("receiveCapacitiesAndThreads")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void interruptedReceiversAreNotRetained(int capacity, ThreadKind threads) throws InterruptedException {
        Channel<Object> ch = Channel.create(capacity);
        AtomicInteger interrupted = new AtomicInteger();
        List<Thread> list = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            list.add(Threads.start(threads, "receiver-" + i, () -> {
                try {
                    ch.receive();
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            }));
        }
        Threads.awaitParked(list);
        assertEquals(WAITERS, Leaks.reachableFrom(ch, o -> o instanceof Thread).size(),
                "the walk should see the parked receivers' threads");
        list.forEach(Thread::interrupt);
        List<WeakReference<Thread>> refs = Threads.joinAndForget(list);
        assertEquals(WAITERS, interrupted.get());
        assertEquals(List.of(), Leaks.waitersHeldBy(ch), "threads or waiters still referenced by the channel");
        Leaks.assertCollected("interrupted receiver threads", refs);
        assertTrue(Leaks.segments(ch) < MAX_SEGMENTS, ch.debugString());
        assertStillWorks(ch);
    }

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("receiveCapacitiesAndThreads")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void timedOutReceiversAreNotRetained(int capacity, ThreadKind threads) throws InterruptedException {
        Channel<Object> ch = Channel.create(capacity);
        AtomicInteger timedOut = new AtomicInteger();
        List<Thread> list = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            list.add(Threads.start(threads, "receiver-" + i, () -> {
                if (ch.receive(Duration.ofMillis(50)) == null) {
                    timedOut.incrementAndGet();
                }
            }));
        }
        List<WeakReference<Thread>> refs = Threads.joinAndForget(list);
        assertEquals(WAITERS, timedOut.get());
        assertEquals(List.of(), Leaks.waitersHeldBy(ch), "threads or waiters still referenced by the channel");
        Leaks.assertCollected("timed-out receiver threads", refs);
        assertTrue(Leaks.segments(ch) < MAX_SEGMENTS, ch.debugString());
        assertStillWorks(ch);
    }

    // --------------------------------------------------------------------------- interrupted / timed-out senders

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("blockingCapacitiesAndThreads")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void interruptedSendersAndTheirElementsAreNotRetained(int capacity, ThreadKind threads) throws InterruptedException {
        AtomicInteger handed = new AtomicInteger();
        Channel<Object> ch = Channel.builder().capacity(capacity).onUndeliveredElement(e -> handed.incrementAndGet())
                .build();
        List<Object> buffered = fillWithMarkers(ch, capacity);
        ConcurrentLinkedQueue<WeakReference<Object>> elements = new ConcurrentLinkedQueue<>();
        AtomicInteger interrupted = new AtomicInteger();
        List<Thread> list = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            list.add(Threads.start(threads, "sender-" + i, () -> {
                Object element = new byte[512];
                elements.add(new WeakReference<>(element));
                try {
                    ch.send(element);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            }));
        }
        Threads.awaitParked(list);
        list.forEach(Thread::interrupt);
        List<WeakReference<Thread>> refs = Threads.joinAndForget(list);
        assertEquals(WAITERS, interrupted.get());
        assertEquals(WAITERS, handed.get(), "each interrupted send hands its element to onUndeliveredElement once");
        assertEquals(List.of(), Leaks.waitersHeldBy(ch), "threads or waiters still referenced by the channel");
        Leaks.assertCollected("interrupted sender threads", refs);
        Leaks.assertCollected("elements of interrupted senders", new ArrayList<>(elements));
        assertTrue(Leaks.segments(ch) < MAX_SEGMENTS, ch.debugString());
        for (Object marker : buffered) {
            assertTrue(marker == ch.tryReceive().getOrNull(), "the buffered elements survive, in order");
        }
        assertStillWorks(ch);
    }

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("blockingCapacitiesAndThreads")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void timedOutSendersAndTheirElementsAreNotRetained(int capacity, ThreadKind threads) throws InterruptedException {
        AtomicInteger handed = new AtomicInteger();
        Channel<Object> ch = Channel.builder().capacity(capacity).onUndeliveredElement(e -> handed.incrementAndGet())
                .build();
        fillWithMarkers(ch, capacity);
        ConcurrentLinkedQueue<WeakReference<Object>> elements = new ConcurrentLinkedQueue<>();
        AtomicInteger timedOut = new AtomicInteger();
        List<Thread> list = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            list.add(Threads.start(threads, "sender-" + i, () -> {
                Object element = new byte[512];
                elements.add(new WeakReference<>(element));
                if (!ch.send(element, Duration.ofMillis(50))) {
                    timedOut.incrementAndGet();
                }
            }));
        }
        List<WeakReference<Thread>> refs = Threads.joinAndForget(list);
        assertEquals(WAITERS, timedOut.get());
        assertEquals(0, handed.get(), "a timed-out send keeps its element: not handed to onUndeliveredElement");
        assertEquals(List.of(), Leaks.waitersHeldBy(ch), "threads or waiters still referenced by the channel");
        Leaks.assertCollected("timed-out sender threads", refs);
        Leaks.assertCollected("elements of timed-out senders", new ArrayList<>(elements));
        assertTrue(Leaks.segments(ch) < MAX_SEGMENTS, ch.debugString());
    }

    // ------------------------------------------------------------------------------------------ segment churn

    /** Timed-out sends on a channel with no receiver: 200 000 cancelled cells, a handful of segments. */
    @ParameterizedTest(name = "capacity {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {Channel.RENDEZVOUS, 1, 16})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void timedOutSendChurnKeepsSegmentsBounded(int capacity) throws InterruptedException {
        Channel<Object> ch = Channel.create(capacity);
        List<Object> buffered = fillWithMarkers(ch, capacity);
        int maxSeen = 0;
        Object[] recent = new Object[64];
        for (int i = 0; i < CHURN; i++) {
            Object element = Integer.valueOf(i);
            recent[i % recent.length] = element;
            assertFalse(ch.send(element, Duration.ofNanos(1)), "a full channel accepted a timed send");
            if (i % 20_000 == 0) {
                maxSeen = Math.max(maxSeen, Leaks.segments(ch));
            }
        }
        int after = Leaks.segments(ch);
        assertTrue(after < MAX_SEGMENTS && maxSeen < MAX_SEGMENTS,
                "capacity " + capacity + ": " + after + " segments after " + CHURN + " timed-out sends (max " + maxSeen
                        + " during)\n" + ch.debugString());
        assertEquals(List.of(), Leaks.elementsHeldBy(ch, List.of(recent)),
                "elements of timed-out sends still referenced by the channel");
        for (Object marker : buffered) {
            assertTrue(marker == ch.tryReceive().getOrNull());
        }
        assertStillWorks(ch);
    }

    /** On a rendezvous channel, timed-out sends and receives alternate: each leaves a cancelled cell on its side. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void alternatingTimedOutSendsAndReceivesKeepSegmentsBounded() throws InterruptedException {
        Channel<Object> ch = Channel.rendezvous();
        int maxSeen = 0;
        for (int i = 0; i < CHURN / 2; i++) {
            assertFalse(ch.send(i, Duration.ofNanos(1)));
            assertNull(ch.receive(Duration.ofNanos(1)));
            if (i % 10_000 == 0) {
                maxSeen = Math.max(maxSeen, Leaks.segments(ch));
            }
        }
        int after = Leaks.segments(ch);
        assertTrue(after < MAX_SEGMENTS && maxSeen < MAX_SEGMENTS, after + " segments (max " + maxSeen + ")\n"
                + ch.debugString());
        assertStillWorks(ch);
    }

    /**
     * Several threads time out concurrently on both sides of a rendezvous (or small buffered) channel; some of them
     * meet and complete. Afterwards: every send that returned true was received exactly once, and few segments remain.
     */
    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("blockingCapacitiesAndThreads")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentTimeoutChurnKeepsSegmentsBoundedAndLosesNothing(int capacity, ThreadKind threads)
            throws InterruptedException {
        Channel<Long> ch = Channel.create(capacity);
        int perThread = 25_000;
        AtomicLong sentSum = new AtomicLong();
        AtomicLong sentCount = new AtomicLong();
        AtomicLong receivedSum = new AtomicLong();
        AtomicLong receivedCount = new AtomicLong();
        List<Thread> list = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            long base = (long) t * perThread;
            list.add(Threads.start(threads, "sender-" + t, () -> {
                for (long i = 1; i <= perThread; i++) {
                    long v = base + i;
                    if (ch.send(v, Duration.ofNanos(500))) {
                        sentSum.addAndGet(v);
                        sentCount.incrementAndGet();
                    }
                }
            }));
            list.add(Threads.start(threads, "receiver-" + t, () -> {
                for (int i = 0; i < perThread; i++) {
                    Long v = ch.receive(Duration.ofNanos(500));
                    if (v != null) {
                        receivedSum.addAndGet(v);
                        receivedCount.incrementAndGet();
                    }
                }
            }));
        }
        Threads.joinAll(list);
        for (Long v; (v = ch.tryReceive().getOrNull()) != null; ) {
            receivedSum.addAndGet(v);
            receivedCount.incrementAndGet();
        }
        assertEquals(sentCount.get(), receivedCount.get(), "sent vs received count");
        assertEquals(sentSum.get(), receivedSum.get(), "sent vs received sum");
        int after = Leaks.segments(ch);
        assertTrue(after < MAX_SEGMENTS, after + " segments after the churn\n" + ch.debugString());
        assertEquals(List.of(), Leaks.waitersHeldBy(ch));
    }

    /**
     * ChannelMemoryLeakStressTest: 200 000 big elements through a buffer of one. Each received element becomes
     * garbage at once; the segments behind the receivers are unlinked.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void bigElementsThroughABufferOfOne() throws InterruptedException {
        Channel<byte[]> ch = Channel.buffered(1);
        for (int i = 0; i < CHURN; i++) {
            ch.send(new byte[4096]);
            assertEquals(4096, ch.receive().length);
        }
        assertTrue(Leaks.segments(ch) < MAX_SEGMENTS, ch.debugString());
        byte[] last = new byte[4096];
        WeakReference<byte[]> ref = new WeakReference<>(last);
        ch.send(last);
        last = null;
        ch.receive();
        Leaks.assertCollected("a received element", ref);
        assertTrue(ref.refersTo(null));
        java.lang.ref.Reference.reachabilityFence(ch);
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** Fills the buffer with marker objects (none for rendezvous); returns them in order. */
    static List<Object> fillWithMarkers(Channel<Object> ch, int capacity) {
        List<Object> markers = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            Object m = "buffered-" + i;
            assertTrue(ch.trySend(m).isSuccess());
            markers.add(m);
        }
        assertFalse(ch.trySend("overflow").isSuccess(), "the channel should be full");
        return markers;
    }

    /** A send meets a receive after the churn. */
    static void assertStillWorks(Channel<Object> ch) throws InterruptedException {
        Object token = new Object();
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                ch.send(token);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Object got;
        do {
            got = ch.receive(Threads.PATIENCE);
            assertTrue(got != null, "the channel no longer delivers");
        } while (got != token);
        Threads.join(sender);
    }
}
