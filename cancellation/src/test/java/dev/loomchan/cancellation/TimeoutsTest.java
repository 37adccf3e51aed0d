package dev.loomchan.cancellation;

import dev.loomchan.Channel;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.loomchan.cancellation.Timeouts.withTimeout;
import static dev.loomchan.cancellation.Timeouts.withTimeoutOrNull;
import static org.junit.jupiter.api.Assertions.*;

/**
 * withTimeout and withTimeoutOrNull: Kotlin's WithTimeoutTest, WithTimeoutOrNullTest and WithTimeoutOrNullJvmTest as
 * far as they apply to threads, then the races between the deadline, the body and other interrupts.
 */
@Timeout(20)
class TimeoutsTest {

    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(30);

    // ---- Kotlin's checklist -----------------------------------------------------------------------------------------

    @Test
    void noTimeoutReturnsTheValue() throws Exception {
        assertEquals("OK", withTimeout(LONG, () -> "OK"));
        assertEquals("OK", withTimeoutOrNull(LONG, () -> "OK"));
    }

    @Test
    void aBlockedBodyIsInterruptedAtTheDeadline() {
        long start = System.nanoTime();
        TimeoutException e = assertThrows(TimeoutException.class, () -> withTimeout(SHORT, () -> {
            Thread.sleep(60_000); // blocks until the deadline's interrupt
            return "unreached";
        }));
        assertTrue(e.getMessage().contains("timed out"));
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertFalse(Thread.interrupted());
    }

    @Test
    void nullOnTimeout() throws Exception {
        assertNull(withTimeoutOrNull(SHORT, () -> {
            Thread.sleep(60_000); // blocks until the deadline's interrupt
            return "unreached";
        }));
        assertFalse(Thread.interrupted());
    }

    @Test
    void aBusyLoopThatChecksTheInterruptFlagStopsAtTheDeadline() throws Exception {
        assertNull(withTimeoutOrNull(SHORT, () -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            return "stopped";
        }));
        assertFalse(Thread.interrupted());
    }

    @Test
    void aSmallTimeoutOnABlockedReceive() throws Exception {
        Channel<Integer> channel = Channel.buffered(1);
        assertNull(withTimeoutOrNull(Duration.ofMillis(1), channel::receive));
        assertTrue(channel.trySend(1).isSuccess(), "the cancelled receive left its cell");
        assertEquals(1, channel.tryReceive().getOrThrow());
    }

    @Test
    void aBodyThatSwallowsTheInterruptAndReturnsIsStillTimedOut() {
        assertThrows(TimeoutException.class, () -> withTimeout(SHORT, () -> {
            try {
                Thread.sleep(60_000); // blocks until the deadline's interrupt
            } catch (InterruptedException ignored) {
                // swallowed
            }
            return "OK";
        }));
    }

    @Test
    void anotherExceptionThrownAfterTheDeadlineIsRethrown() {
        assertThrows(IllegalStateException.class, () -> withTimeoutOrNull(SHORT, () -> {
            try {
                Thread.sleep(60_000); // blocks until the deadline's interrupt
            } catch (InterruptedException e) {
                throw new IllegalStateException("cleanup failed");
            }
            return "unreached";
        }));
        assertFalse(Thread.interrupted());
    }

    @Test
    void anExceptionFromWithinTheBodyPassesThrough() {
        assertThrows(AssertionError.class, () -> withTimeoutOrNull(LONG, () -> {
            throw new AssertionError();
        }));
        assertThrows(java.io.IOException.class, () -> withTimeout(LONG, () -> {
            throw new java.io.IOException();
        }));
    }

    @Test
    void zeroTimesOutWithoutRunningTheBodyAndNegativeIsRejected() {
        AtomicInteger ran = new AtomicInteger();
        assertThrows(TimeoutException.class, () -> withTimeout(Duration.ZERO, ran::incrementAndGet));
        assertDoesNotThrow(() -> assertNull(withTimeoutOrNull(Duration.ZERO, ran::incrementAndGet)));
        assertThrows(IllegalArgumentException.class, () -> withTimeout(Duration.ofMillis(-1), ran::incrementAndGet));
        assertThrows(IllegalArgumentException.class, () -> withTimeoutOrNull(Duration.ofMillis(-1), ran::incrementAndGet));
        assertThrows(NullPointerException.class, () -> withTimeout(null, ran::incrementAndGet));
        assertThrows(NullPointerException.class, () -> withTimeout(LONG, null));
        assertEquals(0, ran.get());
    }

    @Test
    void anEnormousTimeoutIsAccepted() throws Exception {
        assertEquals(1, withTimeout(Duration.ofSeconds(Long.MAX_VALUE), () -> 1));
    }

    @Test
    void theScopeInsideWaitsForItsForksAndIsCancelledByTheDeadline() {
        AtomicInteger forkInterrupted = new AtomicInteger();
        CountDownLatch forkStarted = new CountDownLatch(1);
        assertThrows(TimeoutException.class, () -> withTimeout(SHORT, () -> Scope.run(scope -> {
            scope.fork(() -> {
                forkStarted.countDown();
                try {
                    Thread.sleep(60_000); // blocks until the scope's cancellation interrupts it
                } catch (InterruptedException e) {
                    forkInterrupted.incrementAndGet();
                    throw e;
                }
                return null;
            });
            // A fork cancelled before it starts never runs: wait for it to start, deaf to the deadline's interrupt
            // (which, if it came meanwhile, stays pending and makes the sleep below throw at once).
            Threads.awaitUntil("the fork started", () -> forkStarted.getCount() == 0);
            Thread.sleep(60_000); // blocks until the deadline's interrupt
            return null;
        })));
        assertEquals(1, forkInterrupted.get());
        assertFalse(Thread.interrupted());
    }

    @Test
    void anInnerTimeoutIsNotTurnedIntoNullByAnOuterWithTimeoutOrNull() {
        assertThrows(TimeoutException.class, () -> withTimeoutOrNull(LONG, () -> withTimeout(SHORT, () -> {
            Thread.sleep(60_000); // blocks until the deadline's interrupt
            return 1;
        })));
        assertFalse(Thread.interrupted());
    }

    @Test
    void anInnerTimeoutFiresRepeatedlyUntilTheOuterOne() throws Exception {
        AtomicInteger innerTimeouts = new AtomicInteger();
        Object result = withTimeoutOrNull(Duration.ofMillis(250), () -> {
            while (true) {
                Object inner = withTimeoutOrNull(Duration.ofMillis(100), () -> {
                    Thread.sleep(60_000); // blocks until the deadline's interrupt
                    return "unreached";
                });
                assertNull(inner);
                innerTimeouts.incrementAndGet();
            }
        });
        assertNull(result);
        assertTrue(innerTimeouts.get() >= 1 && innerTimeouts.get() <= 3, "inner timed out " + innerTimeouts + " times");
        assertFalse(Thread.interrupted());
    }

    @Test
    void anOuterDeadlineFiringInsideAnInnerTimeoutIsTheOutersTimeout() throws Exception {
        assertNull(withTimeoutOrNull(SHORT, () -> {
            Object inner = withTimeoutOrNull(LONG, () -> {
                Thread.sleep(60_000); // blocks until the outer deadline's interrupt
                return "unreached";
            });
            return fail("the inner call must rethrow the outer deadline's interrupt, not return " + inner);
        }));
        assertFalse(Thread.interrupted());
    }

    @Test
    void whenTheOuterFiredFirstTheInnerPassesItOn() throws Exception {
        assertNull(withTimeoutOrNull(SHORT, () -> {
            long until = System.nanoTime() + Duration.ofMillis(100).toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // the outer deadline fires meanwhile; its interrupt stays pending
            }
            return withTimeoutOrNull(LONG, () -> {
                Thread.sleep(60_000); // throws at once: the outer interrupt is pending
                return "unreached";
            });
        }));
        assertFalse(Thread.interrupted());
    }

    // ---- interrupts from elsewhere ----------------------------------------------------------------------------------

    @Test
    void anInterruptFromElsewhereIsInterruptedExceptionNotATimeout() {
        Thread caller = Thread.currentThread();
        assertThrows(InterruptedException.class, () -> withTimeout(LONG, () -> {
            Thread.ofVirtual().start(() -> {
                Await.timedWaiting(caller); // the body is blocked in its sleep
                caller.interrupt();
            });
            Thread.sleep(60_000); // blocks until the outside interrupt
            return null;
        }));
        assertFalse(Thread.interrupted());
    }

    @Test
    void anInterruptPendingWhenTheDeadlineFiresIsKept() throws Exception {
        Object result = withTimeoutOrNull(SHORT, () -> {
            Thread.currentThread().interrupt(); // from "elsewhere": not the deadline
            long until = System.nanoTime() + Duration.ofMillis(100).toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // the deadline fires while the other interrupt is pending
            }
            return "done";
        });
        assertNull(result, "the deadline passed");
        assertTrue(Thread.interrupted(), "the other interrupt must still be set");
    }

    @Test
    void anInterruptConsumedBeforeTheDeadlineAndThrownAfterItIsStillInterruptedException() {
        assertThrows(InterruptedException.class, () -> withTimeout(SHORT, () -> {
            InterruptedException fromElsewhere;
            Thread.currentThread().interrupt();
            try {
                Thread.sleep(1); // not a wait: throws at once, consuming the pending interrupt
                throw new AssertionError("unreached");
            } catch (InterruptedException e) {
                fromElsewhere = e;
            }
            long until = System.nanoTime() + Duration.ofMillis(100).toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // the deadline fires; its interrupt stays pending, unconsumed
            }
            throw fromElsewhere;
        }));
        assertFalse(Thread.interrupted());
    }

    @Test
    void aThreadInterruptedBeforeTheCallThrowsInterruptedExceptionFromItsFirstBlockingCall() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> withTimeout(LONG, () -> {
            Thread.sleep(60_000); // the first blocking call under test: throws at once
            return null;
        }));
    }

    // ---- the deadline racing the body's return ----------------------------------------------------------------------

    /**
     * The deadline is set to land while the body returns; whoever wins, no interrupt survives the call: the flag is
     * clear and a later blocking call does not fail.
     */
    @RepeatedTest(200)
    void aDeadlineFiringWhileTheBodyReturnsNeverLeaksItsInterrupt() throws Exception {
        Object result = withTimeoutOrNull(Duration.ofNanos(50_000), () -> {
            long until = System.nanoTime() + 45_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return "value";
        });
        assertTrue(result == null || result.equals("value"));
        assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt leaked");
        Thread.sleep(0, 1); // would throw if an interrupt were pending
        CountDownLatch latch = new CountDownLatch(1);
        latch.countDown();
        latch.await();
    }

    @Test
    void manyShortDeadlinesOnVirtualThreadsLeakNothing() throws Exception {
        AtomicInteger leaks = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        Scope.run(scope -> {
            for (int t = 0; t < 50; t++) {
                scope.fork(() -> {
                    for (int i = 0; i < 40; i++) {
                        Object r = withTimeoutOrNull(Duration.ofNanos(20_000 + i * 1_000L), () -> {
                            Thread.yield();
                            return "v";
                        });
                        if (r == null) {
                            timedOut.incrementAndGet();
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            leaks.incrementAndGet();
                            Thread.interrupted();
                        }
                    }
                    return null;
                });
            }
            return null;
        });
        assertEquals(0, leaks.get(), "interrupts leaked out of withTimeoutOrNull (" + timedOut + " timed out)");
    }

    @Test
    void aDeadlineThatDidNotFireLeavesNothingScheduled() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            withTimeout(Duration.ofHours(1), () -> 1);
        }
        assertTrue(DeadlineTimer.pending() < 100, DeadlineTimer.pending() + " deadlines still queued");
        assertFalse(Thread.interrupted());
    }
}
