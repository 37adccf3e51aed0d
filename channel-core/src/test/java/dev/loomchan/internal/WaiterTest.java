package dev.loomchan.internal;

import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The waiter token: exactly one of resumer and canceller wins, and a claimed value reaches the owner. */
@Timeout(30)
class WaiterTest {

    @Test
    void firstResumerWinsAndLaterOnesFail() {
        Waiter w = new Waiter();
        w.enqueue();
        assertTrue(w.tryResume("a"));
        assertFalse(w.tryResume("b"));
        assertEquals(Waiter.CLAIMED, w.await(false, 0L, Waiter.VirtualWait.ACTIVE));
        assertEquals("a", w.value());
        assertTrue(w.isCompleted());
    }

    @Test
    void timedOutWaiterCannotBeResumed() {
        Waiter w = new Waiter();
        w.enqueue();
        assertEquals(Waiter.TIMED_OUT, w.await(true, System.nanoTime() + 1_000_000L, Waiter.VirtualWait.ACTIVE));
        assertFalse(w.tryResume("late"));
        assertTrue(w.isCompleted());
    }

    @Test
    void interruptBeforeWaitingCancels() {
        Waiter w = new Waiter();
        w.enqueue();
        Thread.currentThread().interrupt();
        assertEquals(Waiter.INTERRUPTED, w.await(false, 0L, Waiter.VirtualWait.ACTIVE));
        assertFalse(Thread.currentThread().isInterrupted(), "the consumed interrupt is reported by the outcome");
        assertFalse(w.tryResume("late"));
    }

    @Test
    void interruptThatLosesToAResumerIsKept() {
        Waiter w = new Waiter();
        w.enqueue();
        assertTrue(w.tryResume("value"));
        Thread.currentThread().interrupt();
        assertEquals(Waiter.CLAIMED, w.await(false, 0L, Waiter.VirtualWait.ACTIVE));
        assertEquals("value", w.value());
        assertTrue(Thread.interrupted(), "the interrupt must be re-asserted when the operation completed");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void parkedOwnerIsWokenWithTheValue(ThreadKind kind) throws Exception {
        AtomicReference<Waiter> published = new AtomicReference<>();
        AtomicReference<Object> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread owner = kind.start("owner", () -> {
            Waiter w = new Waiter();
            w.enqueue();
            published.set(w);
            if (w.await(false, 0L, Waiter.VirtualWait.ACTIVE) == Waiter.CLAIMED) {
                seen.set(w.value());
            }
            done.countDown();
        });
        while (published.get() == null || owner.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertTrue(published.get().tryResume("hello"));
        done.await();
        assertEquals("hello", seen.get());
    }

    /**
     * Resumer and canceller race many times, for each way a virtual thread waits (a nap's time-out races the resumer
     * in NAPPING, a deadline shorter than the nap): exactly one wins each time, and the owner agrees with the winner.
     */
    @ParameterizedTest
    @EnumSource(Waiter.VirtualWait.class)
    void resumerAndCancellerNeverBothWin(Waiter.VirtualWait how) throws Exception {
        SchedulerProbe.available(); // looked up now, so that NAP naps from the first round
        for (int repetition = 0; repetition < 5; repetition++) {
            resumerAndCancellerRace(how);
        }
    }

    private static void resumerAndCancellerRace(Waiter.VirtualWait how) throws Exception {
        int rounds = 2_000;
        AtomicInteger resumed = new AtomicInteger();
        AtomicInteger claimedByOwner = new AtomicInteger();
        for (int i = 0; i < rounds; i++) {
            Waiter[] slot = new Waiter[1];
            CountDownLatch ready = new CountDownLatch(1);
            Thread owner = Thread.ofVirtual().start(() -> {
                Waiter w = new Waiter();
                w.enqueue();
                slot[0] = w;
                ready.countDown();
                if (w.await(true, System.nanoTime() + 20_000L, how) == Waiter.CLAIMED) {
                    assertSame("v", w.value());
                    claimedByOwner.incrementAndGet();
                }
            });
            ready.await();
            if (slot[0].tryResume("v")) {
                resumed.incrementAndGet();
            }
            owner.join();
        }
        assertEquals(resumed.get(), claimedByOwner.get());
    }
}
