package dev.loomchan.properties;

import dev.loomchan.Channel;
import dev.loomchan.support.ChannelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.loomchan.reliability.Threads.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cancelled waiters must not pin memory: after a long churn of receives (or sends) that gave up, only a bounded
 * number of segments stays reachable from the channel, and an element that was sent and then dropped, abandoned or
 * received becomes garbage.
 *
 * <p>Segments are counted through the engine's test hook {@code BufferedChannel.reachableSegmentCount()}, called
 * reflectively so that this class compiles whatever the engine's class layout.
 */
class SegmentReclamationTest {

    /** Segments allowed to stay reachable once all waiters are gone. */
    private static final int MAX_SEGMENTS = 10;
    private static final int TIMED_OUT_RECEIVES = 1_000_000;
    private static final int BLOCKED_THREADS = 20_000;

    // ------------------------------------------------------------------------------ segments of cancelled waiters

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = {"RENDEZVOUS", "BUFFERED_1", "BUFFERED_16", "UNLIMITED"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMillionTimedOutReceivesLeaveBoundedSegments(ChannelKind kind) throws InterruptedException {
        Channel<Integer> ch = kind.create();
        int maxSeen = 0;
        for (int i = 1; i <= TIMED_OUT_RECEIVES; i++) {
            assertNull(ch.receive(Duration.ofNanos(1)), "nothing to receive on an empty channel");
            if (i % 50_000 == 0) {
                maxSeen = Math.max(maxSeen, reachableSegments(ch));
            }
        }
        int after = reachableSegments(ch);
        assertTrue(after < MAX_SEGMENTS, kind + ": " + after + " segments reachable after " + TIMED_OUT_RECEIVES
                + " timed-out receives");
        assertTrue(maxSeen < MAX_SEGMENTS, kind + ": up to " + maxSeen + " segments reachable during the churn");
        assertStillWorks(ch, kind);
    }

    /**
     * A million receivers interrupted on an empty channel, one after another: each publishes its waiter in a cell
     * (the interrupt is seen only when it is about to wait), is cancelled, and leaves its cell cleaned. The segments
     * they passed through must be unlinked as they go, on virtual and on platform threads.
     */
    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = {"RENDEZVOUS", "BUFFERED_1", "BUFFERED_16", "UNLIMITED"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMillionInterruptedReceiversLeaveBoundedSegments(ChannelKind kind) throws Exception {
        for (dev.loomchan.support.ThreadKind threads : dev.loomchan.support.ThreadKind.values()) {
            Channel<Integer> ch = kind.create();
            int[] maxSeen = {0};
            int[] interrupted = {0};
            Thread t = threads.start("interrupted-receivers", () -> {
                for (int i = 1; i <= TIMED_OUT_RECEIVES; i++) {
                    Thread.currentThread().interrupt();
                    try {
                        Integer got = ch.receive();
                        fail("received " + got + " from an empty channel");
                    } catch (InterruptedException expected) {
                        interrupted[0]++;
                    }
                    if (i % 50_000 == 0) {
                        maxSeen[0] = Math.max(maxSeen[0], reachableSegments(ch));
                    }
                }
            });
            t.join();
            assertEquals(TIMED_OUT_RECEIVES, interrupted[0], threads + ": every receive throws InterruptedException");
            int after = reachableSegments(ch);
            assertTrue(after < MAX_SEGMENTS, kind + " on " + threads + ": " + after + " segments reachable after "
                    + TIMED_OUT_RECEIVES + " interrupted receivers");
            assertTrue(maxSeen[0] < MAX_SEGMENTS, kind + " on " + threads + ": up to " + maxSeen[0]
                    + " segments reachable during the churn");
            assertStillWorks(ch, kind);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = {"RENDEZVOUS", "BUFFERED_1", "BUFFERED_16", "UNLIMITED"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void interruptedBlockedReceiversLeaveBoundedSegments(ChannelKind kind) throws InterruptedException {
        Channel<Integer> ch = kind.create();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(BLOCKED_THREADS);
        for (int i = 0; i < BLOCKED_THREADS; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Integer got = ch.receive();
                    other.incrementAndGet();
                    fail("received " + got + " from an empty channel");
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                } catch (Throwable t) {
                    other.incrementAndGet();
                }
            }));
        }
        awaitAllWaiting(threads);
        int whileBlocked = reachableSegments(ch);
        assertTrue(whileBlocked > MAX_SEGMENTS, "the hook should see the segments holding " + BLOCKED_THREADS
                + " waiting receivers, saw " + whileBlocked);
        for (Thread t : threads) {
            t.interrupt();
        }
        joinAll(threads);
        assertEquals(BLOCKED_THREADS, interrupted.get(), "every blocked receive throws InterruptedException");
        assertEquals(0, other.get());
        int after = reachableSegments(ch);
        assertTrue(after < MAX_SEGMENTS, kind + ": " + after + " segments reachable after " + BLOCKED_THREADS
                + " interrupted receivers (" + whileBlocked + " while they waited)");
        assertStillWorks(ch, kind);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = {"RENDEZVOUS", "BUFFERED_1", "BUFFERED_16"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void interruptedBlockedSendersLeaveBoundedSegmentsAndHandTheirElementsOver(ChannelKind kind)
            throws InterruptedException {
        ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = kind.create(undelivered::add);
        for (int i = 0; i < kind.bufferSize(); i++) {
            assertTrue(ch.trySend(-1 - i).isSuccess());
        }
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(BLOCKED_THREADS);
        for (int i = 0; i < BLOCKED_THREADS; i++) {
            int value = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    ch.send(value);
                    other.incrementAndGet();
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                } catch (Throwable t) {
                    other.incrementAndGet();
                }
            }));
        }
        awaitAllWaiting(threads);
        int whileBlocked = reachableSegments(ch);
        assertTrue(whileBlocked > MAX_SEGMENTS, "the hook should see the segments holding " + BLOCKED_THREADS
                + " waiting senders, saw " + whileBlocked);
        for (Thread t : threads) {
            t.interrupt();
        }
        joinAll(threads);
        assertEquals(BLOCKED_THREADS, interrupted.get(), "every blocked send throws InterruptedException");
        assertEquals(0, other.get());
        boolean[] seen = new boolean[BLOCKED_THREADS];
        int handed = 0;
        for (int v : undelivered) {
            assertTrue(v >= 0, "a buffered element was handed to onUndeliveredElement: " + v);
            assertTrue(!seen[v], "element " + v + " handed to onUndeliveredElement twice");
            seen[v] = true;
            handed++;
        }
        assertEquals(BLOCKED_THREADS, handed, "every interrupted send hands its element over exactly once");
        int after = reachableSegments(ch);
        assertTrue(after < MAX_SEGMENTS, kind + ": " + after + " segments reachable after " + BLOCKED_THREADS
                + " interrupted senders");
        for (int i = 0; i < kind.bufferSize(); i++) {
            assertEquals(-1 - i, ch.tryReceive().getOrNull(), "the buffered elements survive, in order");
        }
        assertStillWorks(ch, kind);
    }

    // ------------------------------------------------------------------------------------ elements become garbage

    @Test
    void anElementDroppedByCancelIsNotRetained() {
        AtomicInteger handled = new AtomicInteger();
        Channel<Object> ch = Channel.builder().capacity(16).onUndeliveredElement(e -> handled.incrementAndGet()).build();
        WeakReference<Object> ref = sendFreshElement(ch);
        ch.cancel();
        assertEquals(1, handled.get());
        assertCollected(ref, "an element dropped by cancel");
        Reference.reachabilityFence(ch);
    }

    @Test
    void anElementOfAnInterruptedSenderIsNotRetained() throws InterruptedException {
        AtomicInteger handled = new AtomicInteger();
        Channel<Object> ch = Channel.builder().onUndeliveredElement(e -> handled.incrementAndGet()).build();
        WeakReference<Object>[] ref = weakHolder();
        Thread sender = Thread.ofVirtual().start(() -> {
            Object element = new byte[1024];
            ref[0] = new WeakReference<>(element);
            try {
                ch.send(element);
            } catch (InterruptedException expected) {
                // the element went to the handler
            }
        });
        awaitAllWaiting(List.of(sender));
        sender.interrupt();
        joinAll(List.of(sender));
        assertEquals(1, handled.get());
        assertCollected(ref[0], "the element of an interrupted send");
        Reference.reachabilityFence(ch);
    }

    @Test
    void aReceivedElementIsNotRetained() throws InterruptedException {
        for (ChannelKind kind : new ChannelKind[]{ChannelKind.BUFFERED_16, ChannelKind.UNLIMITED,
                ChannelKind.CONFLATED, ChannelKind.DROP_OLDEST}) {
            Channel<Object> ch = kind.create();
            WeakReference<Object> ref = sendFreshElement(ch);
            assertTrue(ch.receive(Duration.ofSeconds(5)) != null);
            assertCollected(ref, kind + ": an element already received");
            Reference.reachabilityFence(ch);
        }
    }

    @Test
    void anElementSentAfterCloseIsNotRetained() {
        AtomicInteger handled = new AtomicInteger();
        Channel<Object> ch = Channel.builder().capacity(4).onUndeliveredElement(e -> handled.incrementAndGet()).build();
        ch.close();
        WeakReference<Object> ref = sendFreshElementExpectingClosed(ch);
        assertEquals(1, handled.get());
        assertCollected(ref, "an element sent after close");
        Reference.reachabilityFence(ch);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static WeakReference<Object>[] weakHolder() {
        return new WeakReference[1];
    }

    private static WeakReference<Object> sendFreshElement(Channel<Object> ch) {
        Object element = new byte[1024];
        assertTrue(ch.trySend(element).isSuccess());
        return new WeakReference<>(element);
    }

    private static WeakReference<Object> sendFreshElementExpectingClosed(Channel<Object> ch) {
        Object element = new byte[1024];
        try {
            ch.send(element);
            fail("send on a closed channel returned");
        } catch (IllegalStateException | InterruptedException expected) {
            // ClosedSendChannelException is an IllegalStateException
        }
        return new WeakReference<>(element);
    }

    /** Collects until {@code ref} is cleared; fails if it is still set after 10 s of collections. */
    private static void assertCollected(WeakReference<?> ref, String what) {
        awaitUntil(() -> what + " is still reachable after System.gc()", () -> {
            if (ref.get() == null) {
                return true;
            }
            System.gc();
            return ref.get() == null;
        }, Duration.ofSeconds(10));
        assertNull(ref.get(), what + " is still reachable after System.gc()");
    }

    private static void assertStillWorks(Channel<Integer> ch, ChannelKind kind) throws InterruptedException {
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                ch.send(42);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Integer got;
        do {
            got = ch.receive(Duration.ofSeconds(10));
            assertTrue(got != null, kind + ": the channel no longer delivers after the churn");
        } while (got < 0); // skip elements a test left buffered on purpose
        assertEquals(42, got);
        joinAll(List.of(sender));
    }

    /** Waits (bounded) until every thread is parked or finished. */
    private static void awaitAllWaiting(List<Thread> threads) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : threads) {
            awaitUntil(() -> "thread " + t + " never blocked: " + t.getState(),
                    () -> !t.isAlive() || t.getState() == Thread.State.WAITING,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                fail("thread " + t + " did not terminate: " + t.getState());
            }
        }
    }

    /** The engine's test hook, {@code BufferedChannel.reachableSegmentCount()}. */
    static int reachableSegments(Channel<?> ch) {
        Method hook;
        try {
            hook = findHook(ch.getClass());
            hook.setAccessible(true);
            return (int) hook.invoke(ch);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the engine's test hook reachableSegmentCount() is missing or failed on "
                    + ch.getClass().getName(), e);
        }
    }

    private static Method findHook(Class<?> type) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod("reachableSegmentCount");
            } catch (NoSuchMethodException ignored) {
                // look further up
            }
        }
        throw new NoSuchMethodException(type.getName() + ".reachableSegmentCount()");
    }
}
