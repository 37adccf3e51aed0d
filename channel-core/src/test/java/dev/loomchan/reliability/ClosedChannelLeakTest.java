package dev.loomchan.reliability;

import dev.loomchan.Channel;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closed and cancelled channels retain no element and no waiter: after a close (and the drain that follows it) or a
 * cancel, the channel references none of the elements that went through it, none of the threads that waited on it and
 * no waiter token; the weakly held elements and threads are collected.
 */
class ClosedChannelLeakTest {
    private static final int WAITERS = 32;

    /** Close with buffered elements, drain them: nothing stays referenced. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closedAndDrainedChannelRetainsNoElement(ChannelKind kind) throws InterruptedException {
        AtomicInteger undelivered = new AtomicInteger();
        Channel<Object> ch = kind.create(e -> undelivered.incrementAndGet());
        List<WeakReference<Object>> refs = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < 40; i++) {
            Object e = new byte[256];
            if (ch.trySend(e).isSuccess()) {
                refs.add(new WeakReference<>(e));
                sent++;
            }
        }
        ch.close();
        int received = 0;
        while (ch.receiveCatching().isSuccess()) {
            received++;
        }
        assertEquals(sent, received + undelivered.get(), kind + ": every accepted element received or undelivered");
        assertTrue(ch.isClosedForReceive());
        Leaks.assertCollected(kind + ": elements of a closed, drained channel", refs);
        assertTrue(Leaks.segments(ch) < CancelledWaiterLeakTest.MAX_SEGMENTS, ch.debugString());
    }

    /** Cancel with buffered elements: each goes to onUndeliveredElement once, then none stays referenced. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void cancelledChannelRetainsNoElement(ChannelKind kind) {
        AtomicInteger undelivered = new AtomicInteger();
        Channel<Object> ch = kind.create(e -> undelivered.incrementAndGet());
        List<WeakReference<Object>> refs = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < 40; i++) {
            Object e = new byte[256];
            if (ch.trySend(e).isSuccess()) {
                refs.add(new WeakReference<>(e));
                accepted++;
            }
        }
        int droppedBefore = undelivered.get(); // DROP_* policies drop while sending
        ch.cancel();
        assertTrue(undelivered.get() - droppedBefore <= kind.bufferSize() || !kind.lossless());
        assertEquals(accepted, undelivered.get(), kind + ": every accepted element handed over exactly once");
        Leaks.assertCollected(kind + ": elements of a cancelled channel", refs);
        assertTrue(ch.tryReceive().isClosed());
    }

    /** Close with parked receivers: they wake with the close, and neither their threads nor waiters stay. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closeReleasesWaitingReceivers(ThreadKind threads) throws InterruptedException {
        for (ChannelKind kind : new ChannelKind[]{ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_16,
                ChannelKind.UNLIMITED, ChannelKind.CONFLATED}) {
            Channel<Object> ch = kind.create();
            AtomicInteger closed = new AtomicInteger();
            List<Thread> list = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                list.add(Threads.start(threads, "receiver-" + i, () -> {
                    try {
                        ch.receive();
                    } catch (ClosedReceiveChannelException e) {
                        closed.incrementAndGet();
                    }
                }));
            }
            Threads.awaitParked(list);
            ch.close();
            List<WeakReference<Thread>> refs = Threads.joinAndForget(list);
            assertEquals(WAITERS, closed.get());
            assertEquals(List.of(), Leaks.waitersHeldBy(ch), kind + ": the closed channel still references waiters");
            Leaks.assertCollected(kind + ": receivers woken by close", refs);
        }
    }

    /** Cancel with parked senders: their elements go to the handler, and nothing of them stays. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void cancelReleasesWaitingSendersAndTheirElements(ThreadKind threads) throws InterruptedException {
        for (ChannelKind kind : new ChannelKind[]{ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1,
                ChannelKind.BUFFERED_16}) {
            ConcurrentLinkedQueue<Object> handed = new ConcurrentLinkedQueue<>();
            AtomicInteger handedCount = new AtomicInteger();
            Channel<Object> ch = kind.create(e -> handedCount.incrementAndGet());
            for (int i = 0; i < kind.bufferSize(); i++) {
                assertTrue(ch.trySend("buffered-" + i).isSuccess());
            }
            ConcurrentLinkedQueue<WeakReference<Object>> elements = new ConcurrentLinkedQueue<>();
            AtomicInteger cancelled = new AtomicInteger();
            List<Thread> list = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                list.add(Threads.start(threads, "sender-" + i, () -> {
                    Object e = new byte[256];
                    elements.add(new WeakReference<>(e));
                    try {
                        ch.send(e);
                    } catch (CancellationException expected) {
                        cancelled.incrementAndGet();
                    }
                }));
            }
            Threads.awaitParked(list);
            ch.cancel();
            List<WeakReference<Thread>> refs = Threads.joinAndForget(list);
            assertEquals(WAITERS, cancelled.get());
            assertEquals(WAITERS + kind.bufferSize(), handedCount.get(), kind + ": buffered + waiting elements handed over");
            assertTrue(handed.isEmpty());
            assertEquals(List.of(), Leaks.waitersHeldBy(ch), kind + ": the cancelled channel still references waiters");
            Leaks.assertCollected(kind + ": senders woken by cancel", refs);
            Leaks.assertCollected(kind + ": elements of senders woken by cancel", new ArrayList<>(elements));
        }
    }

    /** Close with parked senders, then drain: the senders complete and nothing of them stays. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closeThenDrainReleasesWaitingSenders(ThreadKind threads) throws InterruptedException {
        for (ChannelKind kind : new ChannelKind[]{ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1,
                ChannelKind.BUFFERED_16}) {
            Channel<Object> ch = kind.create();
            ConcurrentLinkedQueue<WeakReference<Object>> elements = new ConcurrentLinkedQueue<>();
            List<Thread> list = new ArrayList<>();
            for (int i = 0; i < WAITERS + kind.bufferSize(); i++) {
                list.add(Threads.start(threads, "sender-" + i, () -> {
                    Object e = new byte[256];
                    elements.add(new WeakReference<>(e));
                    ch.send(e);
                }));
            }
            awaitTrue(() -> list.stream().filter(t -> t.getState() == Thread.State.TERMINATED).count()
                    >= kind.bufferSize());
            Threads.awaitParked(list);
            ch.close();
            int received = 0;
            while (ch.receiveCatching().isSuccess()) {
                received++;
            }
            assertEquals(WAITERS + kind.bufferSize(), received);
            List<WeakReference<Thread>> refs = Threads.joinAndForget(list);
            assertEquals(List.of(), Leaks.waitersHeldBy(ch), kind + ": the drained channel still references waiters");
            Leaks.assertCollected(kind + ": senders of a closed, drained channel", refs);
            Leaks.assertCollected(kind + ": their elements", new ArrayList<>(elements));
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Threads.PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "condition not reached in time");
            Thread.yield();
        }
    }
}
