package dev.loomchan.zerocopy;

import dev.loomchan.reliability.Threads;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool: slots carved from one aligned region, handed out once each, blocking when exhausted, counted. */
class DescriptorPoolTest {

    @Test
    void slotsAreCacheLineAlignedAndDisjoint() {
        DescriptorPool pool = DescriptorPool.create(100, 8);
        assertEquals(128, pool.slotSize(), "100 bytes round up to two cache lines");
        Set<Long> addresses = new HashSet<>();
        List<Descriptor> taken = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Descriptor d = pool.tryAcquire();
            taken.add(d);
            long address = d.buffer().addressOffset();
            assertEquals(0, address % DescriptorPool.ALIGNMENT, "slot " + d.slot() + " at " + address);
            assertEquals(128, d.buffer().capacity());
            addresses.add(address);
        }
        assertEquals(8, addresses.size());
        long lowest = addresses.stream().mapToLong(Long::longValue).min().orElseThrow();
        long highest = addresses.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(7 * 128, highest - lowest, "one contiguous region");
        taken.forEach(Descriptor::release);
    }

    @Test
    void eachSlotIsHandedOutOnceUntilReleased() {
        DescriptorPool pool = DescriptorPool.create(64, 4);
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            slots.add(pool.tryAcquire().slot());
        }
        assertEquals(Set.of(0, 1, 2, 3), slots);
        assertNull(pool.tryAcquire(), "exhausted");
        pool.slot(2).release();
        assertSame(pool.slot(2), pool.tryAcquire(), "the released slot comes back, the same object");
    }

    @Test
    void acquireWaitsForARelease() throws Exception {
        DescriptorPool pool = DescriptorPool.create(64, 1);
        Descriptor only = pool.acquire();
        CompletableFuture<Descriptor> waiting = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                Descriptor d = pool.acquire();
                waiting.complete(d);
                d.release();
            } catch (Throwable e) {
                waiting.completeExceptionally(e);
            }
        });
        Threads.awaitBlocked(waiter); // fails if acquire returns instead of waiting
        assertFalse(waiting.isDone(), "acquire must wait while the pool is exhausted");
        only.release();
        assertSame(only, waiting.get(5, TimeUnit.SECONDS));
        waiter.join();
        assertEquals(1, pool.statistics().exhaustedWaits());
    }

    @Test
    void timedAcquireGivesUpAndInterruptedAcquireTakesNothing() throws Exception {
        DescriptorPool pool = DescriptorPool.create(64, 1);
        Descriptor only = pool.acquire();
        assertNull(pool.tryAcquire(Duration.ofMillis(20)));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, pool::acquire);
        only.release();
        assertNotNull(pool.tryAcquire(Duration.ofMillis(20)));
        assertEquals(1, pool.inUse());
    }

    @Test
    void statisticsCountAcquiresReleasesAndHighWater() {
        DescriptorPool pool = DescriptorPool.create(64, 4);
        Descriptor a = pool.tryAcquire();
        Descriptor b = pool.tryAcquire();
        Descriptor c = pool.tryAcquire();
        a.release();
        b.release();
        Descriptor d = pool.tryAcquire();
        PoolStatistics stats = pool.statistics();
        assertEquals(4, stats.acquired());
        assertEquals(2, stats.released());
        assertEquals(2, stats.inUse());
        assertEquals(3, stats.highWater());
        assertEquals(0, stats.transfers());
        c.release();
        d.release();
        assertEquals(0, pool.statistics().inUse());
    }

    @Test
    void leakReportNamesLongHeldDescriptorsAndTheirOwners() throws Exception {
        DescriptorPool pool = DescriptorPool.builder().slotSize(64).slotCount(4).name("frames").build();
        Descriptor kept = pool.acquire();
        Thread.sleep(30); // the age under test: kept is held longer than the 20 ms threshold; not a wait for anything
        Descriptor fresh;
        List<HeldDescriptor> report;
        for (int attempt = 1; ; attempt++) {
            long before = System.nanoTime();
            fresh = pool.acquire();
            report = pool.leakReport(Duration.ofMillis(20));
            if (System.nanoTime() - before < Duration.ofMillis(20).toNanos()) {
                break; // fresh was surely younger than the threshold when the report was made
            }
            fresh.release(); // this thread was paused for the threshold or more: fresh may be old enough, try again
            assertTrue(attempt < 100, "could not acquire and report within 20 ms in 100 attempts");
        }
        assertEquals(1, report.size(), report.toString());
        HeldDescriptor line = report.get(0);
        assertEquals(kept.slot(), line.slot());
        assertSame(Thread.currentThread(), line.owner());
        assertFalse(line.inFlight());
        assertTrue(line.heldFor().compareTo(Duration.ofMillis(20)) > 0);
        kept.release();
        fresh.release();
        assertTrue(pool.leakReport(Duration.ZERO).isEmpty());
    }

    @Test
    void slotBytesAreTheRegionsNotCopies() {
        DescriptorPool pool = DescriptorPool.create(64, 2);
        Descriptor d = pool.tryAcquire();
        d.buffer().putLong(8, 0x1234_5678_9abc_def0L);
        UnsafeBuffer raw = new UnsafeBuffer(d.buffer().addressOffset(), 64);
        assertEquals(0x1234_5678_9abc_def0L, raw.getLong(8), "the view writes straight into the slot");
        d.release();
    }

    @Test
    void rejectsNonsenseSizes() {
        assertThrows(IllegalArgumentException.class, () -> DescriptorPool.create(0, 4));
        assertThrows(IllegalArgumentException.class, () -> DescriptorPool.create(64, 0));
        assertThrows(ArithmeticException.class, () -> DescriptorPool.create(1 << 30, 8));
    }
}
