package dev.loomchan.zerocopy;

import org.junit.jupiter.api.Test;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's batch operations: acquire(into, max), tryAcquire(into, max), releaseAll. */
class PoolBatchTest {

    @Test
    void tryAcquireTakesWhatIsFreeUpToMax() {
        DescriptorPool pool = DescriptorPool.create(64, 5);
        List<Descriptor> first = new ArrayList<>();
        assertEquals(3, pool.tryAcquire(first, 3));
        List<Descriptor> second = new ArrayList<>();
        assertEquals(2, pool.tryAcquire(second, 10), "only two are left");
        assertEquals(0, pool.tryAcquire(new ArrayList<>(), 1), "exhausted");
        assertEquals(0, pool.tryAcquire(new ArrayList<>(), 0));
        Set<Integer> slots = new HashSet<>();
        first.forEach(d -> slots.add(d.slot()));
        second.forEach(d -> slots.add(d.slot()));
        assertEquals(Set.of(0, 1, 2, 3, 4), slots, "each slot handed out once");
        for (Descriptor d : first) {
            assertTrue(d.isOwnedByCurrentThread());
            d.buffer().putInt(0, 1); // the caller owns it
        }
        assertEquals(5, pool.inUse());
        pool.releaseAll(first);
        pool.releaseAll(second);
        assertEquals(0, pool.inUse());
        PoolStatistics stats = pool.statistics();
        assertEquals(5, stats.acquired());
        assertEquals(5, stats.released());
    }

    @Test
    void acquireWaitsForTheFirstThenTakesWhatIsFree() throws Exception {
        DescriptorPool pool = DescriptorPool.create(64, 4);
        List<Descriptor> all = new ArrayList<>();
        assertEquals(4, pool.acquire(all, 8));
        CompletableFuture<List<Descriptor>> waiting = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                List<Descriptor> got = new ArrayList<>();
                pool.acquire(got, 8);
                waiting.complete(got);
                pool.releaseAll(got);
            } catch (Throwable e) {
                waiting.completeExceptionally(e);
            }
        });
        awaitParked(waiter);
        assertFalse(waiting.isDone(), "acquire(into, max) waits while the pool is exhausted");
        pool.releaseAll(all.subList(0, 2));
        List<Descriptor> got = waiting.get(5, TimeUnit.SECONDS);
        assertTrue(got.size() >= 1 && got.size() <= 2, "got " + got.size());
        waiter.join();
        assertEquals(2, pool.inUse(), "the two still held here");
        assertThrows(IllegalArgumentException.class, () -> pool.acquire(new ArrayList<>(), 0));
    }

    @Test
    void anInterruptedAcquireTakesNothing() throws Exception {
        DescriptorPool pool = DescriptorPool.create(64, 1);
        Descriptor only = pool.acquire();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                pool.acquire(new ArrayList<>(), 4);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        awaitParked(waiter);
        waiter.interrupt();
        assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof InterruptedException);
        only.release();
        assertEquals(0, pool.inUse());
    }

    @Test
    void aRefusingCollectionLosesNoSlot() {
        DescriptorPool pool = DescriptorPool.create(64, 6);
        List<Descriptor> accepted = new ArrayList<>();
        Collection<Descriptor> refusesThird = new AbstractCollection<>() {
            @Override
            public boolean add(Descriptor d) {
                if (accepted.size() == 2) {
                    throw new IllegalStateException("full");
                }
                return accepted.add(d);
            }

            @Override
            public Iterator<Descriptor> iterator() {
                return accepted.iterator();
            }

            @Override
            public int size() {
                return accepted.size();
            }
        };
        assertThrows(IllegalStateException.class, () -> pool.tryAcquire(refusesThird, 5));
        assertEquals(2, accepted.size());
        assertEquals(2, pool.inUse(), "the refused descriptor and the unused permits went back");
        List<Descriptor> rest = new ArrayList<>();
        assertEquals(4, pool.tryAcquire(rest, 10), "every other slot can be taken again");
        pool.releaseAll(rest);
        pool.releaseAll(accepted);
        assertEquals(0, pool.inUse());
        assertEquals(pool.statistics().acquired(), pool.statistics().released());
    }

    @Test
    void releaseAllChecksEveryDescriptorBeforeReleasingAny() throws Exception {
        DescriptorPool pool = DescriptorPool.create(64, 4);
        DescriptorPool other = DescriptorPool.create(64, 1);
        List<Descriptor> mine = new ArrayList<>();
        pool.acquire(mine, 3);

        List<Descriptor> withForeign = new ArrayList<>(mine);
        withForeign.add(other.acquire());
        DescriptorMisuseException foreign = assertThrows(DescriptorMisuseException.class, () -> pool.releaseAll(withForeign));
        assertEquals(DescriptorMisuseException.Kind.FOREIGN_POOL, foreign.kind());
        assertEquals(3, pool.inUse(), "nothing released");

        CompletableFuture<Descriptor> elsewhere = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> elsewhere.complete(pool.tryAcquire())).join();
        List<Descriptor> withAnotherThreads = new ArrayList<>(mine);
        withAnotherThreads.add(elsewhere.get());
        DescriptorMisuseException notOwner = assertThrows(DescriptorMisuseException.class,
                () -> pool.releaseAll(withAnotherThreads));
        assertEquals(DescriptorMisuseException.Kind.NOT_OWNER, notOwner.kind());
        for (Descriptor d : mine) {
            assertTrue(d.isOwnedByCurrentThread(), "still the caller's after the refused releaseAll");
        }
        pool.releaseAll(mine);
        assertEquals(1, pool.inUse(), "the one another thread holds");

        DescriptorMisuseException twice = assertThrows(DescriptorMisuseException.class, () -> pool.releaseAll(mine));
        assertEquals(DescriptorMisuseException.Kind.DOUBLE_RELEASE, twice.kind());
    }

    @Test
    void runsAcrossThreadsNeitherLoseNorDuplicateSlots() throws Exception {
        DescriptorPool pool = DescriptorPool.create(64, 16);
        int perThread = 20_000;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int max = 1 + t * 3;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    List<Descriptor> run = new ArrayList<>();
                    for (int done = 0; done < perThread; ) {
                        run.clear();
                        done += pool.acquire(run, max);
                        for (Descriptor d : run) {
                            d.buffer().putLong(0, Thread.currentThread().threadId()); // exclusive while held
                        }
                        for (Descriptor d : run) {
                            if (d.buffer().getLong(0) != Thread.currentThread().threadId()) {
                                throw new AssertionError("slot " + d.slot() + " was written by another thread");
                            }
                        }
                        pool.releaseAll(run);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), "a pool user is stuck");
        }
        assertEquals(List.of(), failures);
        assertEquals(0, pool.inUse());
        PoolStatistics stats = pool.statistics();
        assertEquals(stats.acquired(), stats.released());
        assertEquals(16, pool.slotCount());
    }

    /** Waits until {@code t} is parked (or ended), bounded. */
    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TERMINATED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t + " did not park");
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
