package dev.loomchan.zerocopy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The pool's free ring: runs taken with one claim, used as the pool uses it (a permit per descriptor taken). */
class FreeSlotsTest {
    private static final int SLOTS = 13; // not a power of two: the ring rounds up to 16

    private final DescriptorPool tokens = DescriptorPool.create(64, SLOTS);

    @Test
    void descriptorsComeOutInTheOrderTheyWentInAcrossManyLaps() {
        FreeSlots ring = new FreeSlots(slotsOf(tokens));
        for (int i = 0; i < SLOTS; i++) {
            ring.put(tokens.slot(i));
        }
        int next = 0;
        for (int lap = 0; lap < 50; lap++) {
            int n = 1 + lap % SLOTS;
            long first = ring.claim(n);
            List<Descriptor> run = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Descriptor d = ring.takeAt(first + k);
                assertSame(tokens.slot((next + k) % SLOTS), d, "lap " + lap + ", entry " + k);
                run.add(d);
            }
            assertEquals(SLOTS - n, ring.size());
            run.forEach(ring::put); // back at the end, in the same order
            next = (next + n) % SLOTS;
        }
        assertEquals(SLOTS, ring.size());
    }

    /**
     * As many slots as entries, so that putters and takers of two laps meet at one entry as often as they can (a
     * version without per-entry sequences lost a descriptor here: two putters of two laps both found the entry empty).
     */
    @Test
    void concurrentRunsNeverHandOutADescriptorTwiceAndLoseNone() throws Exception {
        int slots = 16;
        DescriptorPool lapTokens = DescriptorPool.create(64, slots);
        FreeSlots ring = new FreeSlots(slotsOf(lapTokens));
        for (int i = 0; i < slots; i++) {
            ring.put(lapTokens.slot(i));
        }
        Semaphore permits = new Semaphore(slots);
        AtomicIntegerArray held = new AtomicIntegerArray(slots);
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                List<Descriptor> run = new ArrayList<>();
                for (int round = 0; round < 100_000 && failure.get() == null; round++) {
                    int n = 1 + random.nextInt(5);
                    permits.acquireUninterruptibly(n);
                    long first = ring.claim(n);
                    run.clear();
                    for (int k = 0; k < n; k++) {
                        Descriptor d = ring.takeAt(first + k);
                        if (!held.compareAndSet(d.slot(), 0, 1)) {
                            failure.compareAndSet(null, "slot " + d.slot() + " handed out twice");
                        }
                        run.add(d);
                    }
                    for (Descriptor d : run) {
                        held.set(d.slot(), 0);
                        ring.put(d);
                    }
                    permits.release(n);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), thread + " is stuck: a taker waits for an entry no putter will write");
        }
        assertNull(failure.get());
        assertEquals(slots, ring.size());
        long first = ring.claim(slots);
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < slots; k++) {
            seen.add(ring.takeAt(first + k).slot());
        }
        assertEquals(slots, seen.size(), "every slot is back, once");
    }

    /**
     * Four virtual threads on the default scheduler's carriers, taking runs through the pool and giving them back,
     * many times over: a waiter for another thread's turn must let that thread have a carrier. With waits that only
     * spun and yielded, three yielding threads kept the fourth, which owed them an entry, queued for good, within a
     * hundred repetitions on two cores.
     */
    @Test
    void virtualThreadsWaitingForATurnLeaveTheCarriersToTheThreadThatOwesIt() throws Exception {
        for (int repetition = 0; repetition < 200; repetition++) {
            DescriptorPool pool = DescriptorPool.create(64, 16);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int max = 1 + t * 3;
                threads.add(Thread.ofVirtual().start(() -> {
                    List<Descriptor> run = new ArrayList<>();
                    try {
                        for (int done = 0; done < 20_000; ) {
                            run.clear();
                            done += pool.acquire(run, max);
                            pool.releaseAll(run);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(20));
                assertFalse(thread.isAlive(), "repetition " + repetition + ": " + thread + " is stuck");
            }
            assertEquals(0, pool.inUse());
        }
    }

    /** The pool's descriptors by slot index, as a pool gives them to its own ring. */
    private static Descriptor[] slotsOf(DescriptorPool pool) {
        Descriptor[] slots = new Descriptor[pool.slotCount()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = pool.slot(i);
        }
        return slots;
    }
}
