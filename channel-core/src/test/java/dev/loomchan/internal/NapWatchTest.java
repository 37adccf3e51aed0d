package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@link NapWatch}: naps that nobody ends become parks, the watch sleeps when nobody naps and wakes for the next
 * nap, and more nappers than slots (some napping on a timer instead) lose no wake-up.
 */
@Timeout(60)
class NapWatchTest {
    private static final int ATTEMPTS = 50;

    @BeforeAll
    static void napsNeedTheProbe() {
        assumeTrue(SchedulerProbe.available(), "virtual threads nap only where the JDK tells the scheduler's queue");
        assumeTrue(Waiter.NAP_NANOS > 0, "naps are turned off");
    }

    @Test
    void aNapThatNobodyEndsBecomesAPark() throws Exception {
        Channel<Integer> channel = Channel.buffered(4);
        CompletableFuture<Integer> received = new CompletableFuture<>();
        Waiter waiter = napInASlot(channel, received);
        Threads.awaitUntil("the watch ends the nap", () -> "PARKED".equals(waiter.stateName()));
        channel.send(2);
        assertEquals(2, received.get(10, TimeUnit.SECONDS), "a PARKED receiver is unparked by the send");
    }

    @Test
    void theWatchSleepsWhileNobodyNapsAndWakesForTheNextNap() throws Exception {
        NapWatch watch = NapWatch.instance();
        Threads.awaitUntil("the watch sleeps once nobody naps", watch::isSleeping);
        Channel<Integer> channel = Channel.buffered(4);
        CompletableFuture<Integer> received = new CompletableFuture<>();
        Waiter waiter = napInASlot(channel, received);
        Threads.awaitUntil("the woken watch ends the nap", () -> "PARKED".equals(waiter.stateName()));
        channel.send(5);
        assertEquals(5, received.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theWatchIsOneDaemonThreadThatHoldsNoClassLoader() throws Exception {
        Channel<Integer> channel = Channel.buffered(4);
        CompletableFuture<Integer> received = new CompletableFuture<>();
        napInASlot(channel, received);
        channel.send(1);
        assertEquals(1, received.get(10, TimeUnit.SECONDS));
        List<Thread> watches = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("loomchan-nap-watch")).toList();
        assertEquals(1, watches.size(), "one watch thread: " + watches);
        Thread watch = watches.get(0);
        assertTrue(watch.isDaemon(), "a daemon, so that it never keeps the JVM alive");
        assertNull(watch.getContextClassLoader(), "no application class loader kept reachable");
    }

    @Test
    void moreNappersThanSlotsLoseNoWakeUp() throws Exception {
        int receivers = 3 * NapWatch.SLOTS;
        List<Channel<Integer>> channels = new ArrayList<>();
        List<CompletableFuture<Integer>> received = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            Channel<Integer> channel = Channel.buffered(1);
            CompletableFuture<Integer> result = new CompletableFuture<>();
            channels.add(channel);
            received.add(result);
            threads.add(Thread.ofVirtual().start(() -> receiveInto(channel, result)));
        }
        Threads.awaitParked(threads);
        // One virtual sender claims them all, many while they nap: every put-off wake-up but its last is unparked
        // by the next, the last at the sender's end by the watch (or by the timer of a nap that found no slot).
        Thread sender = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < receivers; i++) {
                channels.get(i).trySend(i);
            }
        });
        sender.join();
        for (int i = 0; i < receivers; i++) {
            assertEquals(i, received.get(i).get(10, TimeUnit.SECONDS), "receiver " + i);
        }
    }

    /**
     * Many short pipelines of four senders and four receivers on virtual threads: every thread's last operation may
     * claim a napping partner and put its wake-up off, and the thread then ends without ever waiting again, so only
     * the watch can wake that partner. The naps, the watch's ticks and the reuse of waiters (a thread naps again, in
     * the same slot, right after its last nap) race freely; a lost wake-up leaves a pipeline hanging.
     */
    @Test
    void pipelinesWhoseThreadsEndWithoutWaitingAgainLoseNoWakeUp() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int pipelines = 0;
        while (System.nanoTime() - end < 0 || pipelines < 20) {
            runPipeline(4, 2_000, 64);
            pipelines++;
        }
    }

    private static void runPipeline(int pairs, int perThread, int capacity) throws Exception {
        Channel<Integer> channel = Channel.buffered(capacity);
        java.util.concurrent.atomic.LongAdder received = new java.util.concurrent.atomic.LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        channel.send(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        channel.receive();
                        received.increment();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            if (!t.join(java.time.Duration.ofSeconds(10))) {
                throw new AssertionError("a pipeline hangs with " + received.sum() + " of " + pairs * perThread
                        + " elements received: " + t + " " + java.util.Arrays.toString(t.getStackTrace()));
            }
        }
        assertEquals((long) pairs * perThread, received.sum());
    }

    /** Starts a receiver on {@code channel} and returns its waiter once it naps in a slot of the watch. */
    private static Waiter napInASlot(Channel<Integer> channel, CompletableFuture<Integer> received)
            throws InterruptedException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Thread receiver = Thread.ofVirtual().start(() -> receiveInto(channel, received));
            AtomicReference<Waiter> napping = new AtomicReference<>();
            Threads.awaitUntil("the receiver parks", () -> {
                napping.compareAndSet(null, NapWatch.instance().waiterOf(receiver));
                return napping.get() != null || receiver.getState() == Thread.State.WAITING
                        || receiver.getState() == Thread.State.TIMED_WAITING;
            });
            Waiter waiter = napping.get() != null ? napping.get() : NapWatch.instance().waiterOf(receiver);
            if (waiter != null) {
                return waiter;
            }
            // It parked without a nap (the scheduler looked crowded) or its nap ended before we looked: again.
            receiver.interrupt();
            receiver.join();
            assertFalse(received.isDone(), "no element was sent, so none was received");
        }
        throw new AssertionError("no receiver was seen napping in " + ATTEMPTS + " attempts");
    }

    private static void receiveInto(Channel<Integer> channel, CompletableFuture<Integer> received) {
        try {
            received.complete(channel.receive());
        } catch (InterruptedException e) {
            // an attempt that did not find the receiver napping: no outcome
        } catch (Throwable t) {
            received.completeExceptionally(t);
        }
    }
}
