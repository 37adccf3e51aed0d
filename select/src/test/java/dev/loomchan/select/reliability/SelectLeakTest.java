package dev.loomchan.select.reliability;

import dev.loomchan.reliability.Leaks;
import dev.loomchan.Channel;
import dev.loomchan.select.Select;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Withdrawn select registrations leave nothing behind: a select loop over channels that never fire, ended each time by
 * a time-out (positive or zero) or a default clause, keeps the segment lists short and leaves no registration, select
 * or thread referenced; an interrupted select leaves neither its thread nor its onSend element.
 */
class SelectLeakTest {
    private static final int MAX_SEGMENTS = 10;
    private static final int ITERATIONS = 100_000;

    /** How the select of each iteration ends. */
    enum Ending { TIMEOUT, ZERO_TIMEOUT, DEFAULT }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {Channel.RENDEZVOUS, 1, 16, Channel.UNLIMITED})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void receiveSelectLoopOverSilentChannels(int capacity) throws InterruptedException {
        for (Ending ending : Ending.values()) {
            Channel<Object> a = Channel.create(capacity);
            Channel<Object> b = Channel.create(capacity);
            int maxSeen = 0;
            for (int i = 0; i < ITERATIONS / Ending.values().length; i++) {
                String r = Select.select(a.onReceive(e -> "a"), b.onReceiveCatching(e -> "b"), ending(ending));
                assertEquals("end", r);
                if (i % 10_000 == 0) {
                    maxSeen = Math.max(maxSeen, Math.max(segments(a), segments(b)));
                }
            }
            assertBounded(a, ending + " receive a", maxSeen);
            assertBounded(b, ending + " receive b", maxSeen);
            assertStillWorks(a);
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {Channel.RENDEZVOUS, 1, 16})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sendSelectLoopOverFullChannels(int capacity) throws InterruptedException {
        for (Ending ending : Ending.values()) {
            AtomicInteger handed = new AtomicInteger();
            Channel<Object> ch = Channel.builder().capacity(capacity).onUndeliveredElement(e -> handed.incrementAndGet())
                    .build();
            for (int i = 0; i < capacity; i++) {
                assertTrue(ch.trySend("buffered-" + i).isSuccess());
            }
            Object[] recent = new Object[64];
            int maxSeen = 0;
            for (int i = 0; i < ITERATIONS / Ending.values().length; i++) {
                Object element = new Object();
                recent[i % recent.length] = element;
                assertEquals("end", Select.select(ch.onSend(element, () -> "sent"), ending(ending)));
                if (i % 10_000 == 0) {
                    maxSeen = Math.max(maxSeen, segments(ch));
                }
            }
            assertBounded(ch, ending + " send", maxSeen);
            assertEquals(0, handed.get(), "an onSend that was not chosen keeps its element: nothing undelivered");
            assertEquals(List.of(), Leaks.elementsHeldBy(ch, List.of(recent)),
                    "elements of withdrawn onSend clauses still referenced by the channel");
            for (int i = 0; i < capacity; i++) {
                assertEquals("buffered-" + i, ch.tryReceive().getOrNull());
            }
            assertStillWorks(ch);
        }
    }

    /** selectN over silent channels ended by its time-out, repeatedly. */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {Channel.RENDEZVOUS, 16})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void selectNLoopOverSilentChannels(int capacity) throws InterruptedException {
        Channel<Object> a = Channel.create(capacity);
        Channel<Object> b = Channel.create(capacity);
        for (int i = 0; i < ITERATIONS / 4; i++) {
            List<String> r = Select.selectN(1, a.onReceive(e -> "a"), b.onReceive(e -> "b"),
                    Select.onTimeout(Duration.ofNanos(1), () -> "end"));
            assertEquals(List.of("end"), r);
        }
        assertBounded(a, "selectN a", 0);
        assertBounded(b, "selectN b", 0);
    }

    /** Selects interrupted while parked, on virtual and platform threads: no thread, registration or element stays. */
    @ParameterizedTest(name = "virtual {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void interruptedSelectsAreNotRetained(boolean virtual) throws InterruptedException {
        AtomicInteger handed = new AtomicInteger();
        Channel<Object> in = Channel.rendezvous();
        Channel<Object> out = Channel.builder().onUndeliveredElement(e -> handed.incrementAndGet()).build();
        ConcurrentLinkedQueue<WeakReference<Object>> elements = new ConcurrentLinkedQueue<>();
        AtomicInteger interrupted = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Runnable body = () -> {
                Object element = new byte[256];
                elements.add(new WeakReference<>(element));
                try {
                    Select.select(in.onReceive(e -> "in"), out.onSend(element, () -> "out"));
                    fail("a select over silent channels returned");
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            };
            threads.add(virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().daemon(true).start(body));
        }
        awaitParked(threads);
        assertEquals(32, Leaks.reachableFrom(in, o -> o instanceof Thread).size(), "the walk sees the parked selects");
        threads.forEach(Thread::interrupt);
        List<WeakReference<Thread>> refs = joinAndForget(threads);
        assertEquals(32, interrupted.get());
        assertEquals(0, handed.get(), "an interrupted select keeps its onSend element: nothing undelivered");
        assertEquals(List.of(), Leaks.waitersHeldBy(in));
        assertEquals(List.of(), Leaks.waitersHeldBy(out));
        Leaks.assertCollected("interrupted select threads", refs);
        Leaks.assertCollected("onSend elements of interrupted selects", new ArrayList<>(elements));
        assertTrue(segments(in) < MAX_SEGMENTS && segments(out) < MAX_SEGMENTS);
    }

    /** A select woken by close or cancel leaves no registration in either channel. */
    @ParameterizedTest(name = "cancel {0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closeAndCancelReleaseWaitingSelects(boolean cancel) throws InterruptedException {
        Channel<Object> a = Channel.rendezvous();
        Channel<Object> b = Channel.buffered(4);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Select.select(a.onReceiveCatching(r -> r), b.onReceiveCatching(r -> r));
                    ended.incrementAndGet();
                } catch (Exception e) {
                    ended.incrementAndGet();
                }
            }));
        }
        awaitParked(threads);
        if (cancel) {
            a.cancel();
        } else {
            a.close();
        }
        List<WeakReference<Thread>> refs = joinAndForget(threads);
        assertEquals(16, ended.get());
        assertEquals(List.of(), Leaks.waitersHeldBy(a));
        assertEquals(List.of(), Leaks.waitersHeldBy(b), "the clause on the other channel was withdrawn");
        Leaks.assertCollected("selects woken by close/cancel", refs);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static dev.loomchan.SelectClause<String> ending(Ending ending) {
        return switch (ending) {
            case TIMEOUT -> Select.onTimeout(Duration.ofNanos(1), () -> "end");
            case ZERO_TIMEOUT -> Select.onTimeout(Duration.ZERO, () -> "end");
            case DEFAULT -> Select.onDefault(() -> "end");
        };
    }

    static int segments(Channel<?> ch) {
        return ((dev.loomchan.internal.BufferedChannel<?>) ch).reachableSegmentCount();
    }

    private static void assertBounded(Channel<?> ch, String what, int maxSeen) {
        int after = segments(ch);
        assertTrue(after < MAX_SEGMENTS && maxSeen < MAX_SEGMENTS, what + ": " + after + " segments after the loop (max "
                + maxSeen + " during)\n" + ch.debugString());
        assertEquals(List.of(), Leaks.waitersHeldBy(ch), what + ": registrations still referenced");
    }

    private static void assertStillWorks(Channel<Object> ch) throws InterruptedException {
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
            got = ch.receive(Duration.ofSeconds(30));
            assertTrue(got != null, "the channel no longer delivers");
        } while (got != token);
        assertTrue(sender.join(Duration.ofSeconds(30)));
    }

    static void awaitParked(List<Thread> threads) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : threads) {
            for (;;) {
                Thread.State s = t.getState();
                if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                    break;
                }
                if (s == Thread.State.TERMINATED) {
                    fail(t + " ended instead of blocking");
                }
                if (System.nanoTime() - deadline > 0) {
                    fail(t + " did not park: " + s);
                }
                Thread.yield();
            }
        }
    }

    static List<WeakReference<Thread>> joinAndForget(List<Thread> threads) throws InterruptedException {
        List<WeakReference<Thread>> refs = new ArrayList<>();
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(30)), t + " did not finish");
            refs.add(new WeakReference<>(t));
        }
        threads.clear();
        return refs;
    }
}
