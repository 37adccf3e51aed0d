package dev.loomchan.cancellation;

import dev.loomchan.Channel;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Scope.run and Scope.supervised: waiting, failure, cancellation, hooks, nesting and misuse. */
@Timeout(20)
class ScopeTest {

    @Test
    void returnsTheBodysValueAfterEveryForkHasFinished() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger done = new AtomicInteger();
        Thread owner = Thread.currentThread();
        String result = Scope.run(scope -> {
            for (int i = 0; i < 10; i++) {
                scope.fork(() -> {
                    threads.add(Thread.currentThread());
                    Await.waitingForForks(owner); // every fork is still running once the body has returned
                    return done.incrementAndGet();
                });
            }
            return "body";
        });
        assertEquals("body", result);
        assertEquals(10, done.get());
        threads.forEach(t -> assertFalse(t.isAlive(), "a fork's thread outlived its scope"));
    }

    @Test
    void forksRunOnVirtualThreadsAndJoinReturnsTheirValue() throws Exception {
        int sum = Scope.run(scope -> {
            Fork<Integer> a = scope.fork(() -> Thread.currentThread().isVirtual() ? 1 : -100);
            Fork<Integer> b = scope.fork(() -> 2);
            int s = a.join() + b.join();
            assertTrue(a.isDone() && b.isDone());
            return s;
        });
        assertEquals(3, sum);
    }

    @Test
    void aFailingForkCancelsItsSiblingsAndTheBodyAndIsThrown() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicReference<Throwable> siblingSaw = new AtomicReference<>();
        AtomicReference<Throwable> bodySaw = new AtomicReference<>();
        Channel<Integer> never = Channel.rendezvous();
        Exception thrown = assertThrows(IllegalStateException.class, () -> Scope.run(scope -> {
            scope.fork(() -> {
                try {
                    return never.receive();
                } catch (InterruptedException e) {
                    siblingSaw.set(e);
                    throw e;
                }
            });
            scope.fork(() -> {
                // Fail only once the sibling and the body are both blocked receiving: a fork cancelled before it
                // starts never runs, and would see nothing.
                Threads.awaitUntil("the sibling and the body wait on the channel",
                        () -> never.statistics().waitingReceivers() == 2);
                throw boom;
            });
            try {
                return never.receive();
            } catch (InterruptedException e) {
                bodySaw.set(e);
                throw e;
            }
        }));
        assertSame(boom, thrown);
        assertEquals(0, thrown.getSuppressed().length, "cancelled forks and body are not failures");
        assertInstanceOf(InterruptedException.class, siblingSaw.get());
        assertInstanceOf(InterruptedException.class, bodySaw.get());
        assertFalse(Thread.currentThread().isInterrupted(), "the scope's interrupt of the body must not leak");
    }

    @Test
    void laterFailuresAreSuppressedIntoTheFirst() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Exception thrown = assertThrows(Exception.class, () -> Scope.run(scope -> {
            for (int i = 0; i < 2; i++) {
                int n = i;
                scope.fork(() -> {
                    bothStarted.countDown();
                    while (bothStarted.getCount() > 0) {
                        Thread.onSpinWait(); // not await(): an interrupt from the first failure must not stop us
                    }
                    // Ignore the cancellation: each fork fails whatever happens.
                    throw new ArithmeticException("fork " + n);
                });
            }
            return null;
        }));
        assertInstanceOf(ArithmeticException.class, thrown);
        assertEquals(1, thrown.getSuppressed().length);
        assertInstanceOf(ArithmeticException.class, thrown.getSuppressed()[0]);
        assertNotSame(thrown, thrown.getSuppressed()[0]);
    }

    @Test
    void aFailingBodyCancelsTheForksAndIsThrown() {
        AtomicReference<Throwable> forkSaw = new AtomicReference<>();
        CountDownLatch forkStarted = new CountDownLatch(1);
        Exception thrown = assertThrows(java.io.IOException.class, () -> Scope.run(scope -> {
            scope.fork(waitForCancellation(forkStarted, forkSaw));
            forkStarted.await(); // a fork cancelled before it starts never runs, and would see nothing
            throw new java.io.IOException("body failed");
        }));
        assertEquals("body failed", thrown.getMessage());
        assertInstanceOf(InterruptedException.class, forkSaw.get());
    }

    @Test
    void cancelStopsEverythingAndRunThrowsCancellationException() {
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(5);
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            for (int i = 0; i < 5; i++) {
                scope.fork(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000); // blocks until the cancellation interrupts it
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
            }
            scope.fork(() -> {
                started.await(); // a fork cancelled before it starts never runs, and would not be interrupted
                scope.cancel();
                return null;
            });
            Thread.sleep(60_000); // interrupted by the cancellation
            return null;
        }));
        assertEquals(5, interrupted.get());
        assertFalse(Thread.interrupted());
    }

    @Test
    void cancelFromTheBodyMakesItsNextBlockingCallThrow() {
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            scope.cancel();
            assertTrue(scope.isCancelled());
            Thread.sleep(60_000); // the blocking call under test: throws at once
            return fail("the sleep should have been interrupted");
        }));
        assertFalse(Thread.interrupted());
    }

    @Test
    void aBodyThatCompletesAfterCancelStillReportsTheCancellation() {
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            scope.cancel();
            return 42;
        }));
        assertFalse(Thread.interrupted(), "the self-interrupt of cancel() must be cleared");
    }

    @Test
    void aForkThrowingCancellationIsCancelledNotFailed() throws Exception {
        String result = Scope.run(scope -> {
            Fork<Object> f = scope.fork(() -> {
                throw new CancellationException("gave up");
            });
            assertThrows(CancellationException.class, f::join);
            assertTrue(f.isCancelled());
            return "fine";
        });
        assertEquals("fine", result);
    }

    @Test
    void cancellingOneForkLeavesTheScopeRunning() throws Exception {
        String result = Scope.run(scope -> {
            Fork<Object> sleeper = scope.fork(() -> {
                Thread.sleep(60_000); // blocks until cancelled (or never runs)
                return null;
            });
            Fork<String> other = scope.fork(() -> "other");
            sleeper.cancel();
            assertThrows(CancellationException.class, sleeper::join);
            assertFalse(scope.isCancelled());
            return other.join();
        });
        assertEquals("other", result);
    }

    @Test
    void joinWrapsAFailureInExecutionException() {
        IllegalArgumentException cause = new IllegalArgumentException("x");
        Exception thrown = assertThrows(IllegalArgumentException.class, () -> Scope.run(scope -> {
            Fork<Object> f = scope.fork(() -> {
                throw cause;
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::join);
            assertSame(cause, e.getCause());
            return null;
        }));
        assertSame(cause, thrown);
    }

    @Test
    void supervisedScopeKeepsAFailureForJoinAndLetsSiblingsFinish() throws Exception {
        RuntimeException failure = new RuntimeException("one fork failed");
        String result = Scope.supervised(scope -> {
            Fork<Object> bad = scope.fork(() -> {
                throw failure;
            });
            CountDownLatch badFailed = new CountDownLatch(1);
            Fork<String> good = scope.fork(() -> {
                badFailed.await(); // still running after its sibling failed: an ordinary scope would interrupt this
                return "good";
            });
            ExecutionException e = assertThrows(ExecutionException.class, bad::join);
            assertSame(failure, e.getCause());
            assertFalse(scope.isCancelled());
            badFailed.countDown();
            return good.join();
        });
        assertEquals("good", result);
    }

    @Test
    void supervisedScopeStillCancelsEverythingWhenTheBodyFails() {
        AtomicReference<Throwable> forkSaw = new AtomicReference<>();
        CountDownLatch forkStarted = new CountDownLatch(1);
        assertThrows(IllegalStateException.class, () -> Scope.supervised(scope -> {
            scope.fork(waitForCancellation(forkStarted, forkSaw));
            forkStarted.await(); // a fork cancelled before it starts never runs, and would see nothing
            throw new IllegalStateException("body");
        }));
        assertInstanceOf(InterruptedException.class, forkSaw.get());
    }

    @Test
    void cancellationHooksRunExactlyOnceInRegistrationOrder() {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            scope.invokeOnCancellation(() -> ran.add("first"));
            scope.invokeOnCancellation(() -> ran.add("second"));
            for (int i = 0; i < 4; i++) {
                scope.fork(() -> {
                    scope.cancel();
                    return null;
                });
            }
            scope.cancel();
            scope.invokeOnCancellation(() -> ran.add("late"));
            return null;
        }));
        assertEquals(List.of("first", "second", "late"), ran);
    }

    @Test
    void hooksOfAScopeThatWasNotCancelledNeverRun() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Scope> escaped = new AtomicReference<>();
        Scope.run(scope -> {
            scope.invokeOnCancellation(ran::incrementAndGet);
            escaped.set(scope);
            return null;
        });
        assertEquals(0, ran.get());
        assertThrows(IllegalStateException.class, () -> escaped.get().invokeOnCancellation(ran::incrementAndGet));
    }

    @Test
    void aFailureCancelsAndRunsTheHooks() {
        AtomicInteger ran = new AtomicInteger();
        assertThrows(ArithmeticException.class, () -> Scope.run(scope -> {
            scope.invokeOnCancellation(ran::incrementAndGet);
            scope.fork(() -> 1 / 0);
            return null;
        }));
        assertEquals(1, ran.get());
    }

    @Test
    void aThrowingHookFailsTheScope() {
        UnsupportedOperationException hookFailure = new UnsupportedOperationException("hook");
        Exception thrown = assertThrows(UnsupportedOperationException.class, () -> Scope.run(scope -> {
            scope.invokeOnCancellation(() -> {
                throw hookFailure;
            });
            scope.cancel();
            return null;
        }));
        assertSame(hookFailure, thrown);
    }

    @Test
    void nestedScopesCancelTheirChildrenBeforeTheParentFinishes() {
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch grandchildStarted = new CountDownLatch(1);
        assertThrows(IllegalStateException.class, () -> Scope.run(outer -> {
            outer.fork(() -> {
                try {
                    return Scope.run(inner -> {
                        inner.fork(() -> {
                            grandchildStarted.countDown();
                            try {
                                Thread.sleep(60_000); // blocks until the cancellation interrupts it
                            } catch (InterruptedException e) {
                                Thread.sleep(20); // a slow child: the parent must still wait for it
                                order.add("grandchild");
                                throw e;
                            }
                            return null;
                        });
                        Thread.sleep(60_000); // blocks until the cancellation interrupts it
                        return null;
                    });
                } finally {
                    order.add("inner scope");
                }
            });
            grandchildStarted.await(); // a fork cancelled before it starts never runs: nothing to order
            throw new IllegalStateException("outer body");
        }));
        assertEquals(List.of("grandchild", "inner scope"), order);
    }

    @Test
    void anOutsideInterruptWhileWaitingForForksCancelsThemAndThrowsInterruptedException() throws Exception {
        Thread caller = Thread.currentThread();
        AtomicReference<Throwable> forkSaw = new AtomicReference<>();
        CountDownLatch forkStarted = new CountDownLatch(1);
        assertThrows(InterruptedException.class, () -> Scope.run(scope -> {
            scope.fork(waitForCancellation(forkStarted, forkSaw));
            scope.fork(() -> {
                forkStarted.await(); // a fork cancelled before it starts never runs, and would see nothing
                Await.waitingForForks(caller); // the body has returned: the owner is waiting
                caller.interrupt();
                return null;
            });
            return null;
        }));
        assertInstanceOf(InterruptedException.class, forkSaw.get());
        assertFalse(Thread.interrupted());
    }

    @Test
    void anOutsideInterruptOfTheBodySurfacesAsInterruptedException() {
        Thread caller = Thread.currentThread();
        assertThrows(InterruptedException.class, () -> Scope.run(scope -> {
            Thread.ofVirtual().start(() -> {
                Await.timedWaiting(caller); // the body is blocked in its sleep
                caller.interrupt();
            });
            Thread.sleep(60_000); // blocks until the outside interrupt
            return null;
        }));
    }

    @Test
    void anOutsideInterruptIsNotSwallowedWhenAForkFailureIsThrown() {
        Thread caller = Thread.currentThread();
        CountDownLatch interruptSent = new CountDownLatch(1);
        assertThrows(ArithmeticException.class, () -> Scope.run(scope -> {
            scope.fork(() -> {
                interruptSent.await(); // fail only after the outside interrupt, which must then survive
                return 1 / 0;
            });
            caller.interrupt();
            interruptSent.countDown();
            // The body swallows the interrupt's evidence but keeps running until the fork's failure.
            while (!scope.isCancelled()) {
                Thread.onSpinWait();
            }
            return null;
        }));
        assertTrue(Thread.interrupted(), "the outside interrupt must stay set on the thread");
    }

    @Test
    void aForkForkedIntoACancelledScopeNeverRuns() {
        AtomicInteger ran = new AtomicInteger();
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            scope.cancel();
            Fork<Integer> late = scope.fork(ran::incrementAndGet);
            Thread.interrupted(); // so that join waits instead of throwing at once
            assertThrows(CancellationException.class, late::join);
            return null;
        }));
        assertEquals(0, ran.get());
    }

    @Test
    void forksMayForkIntoTheirScopeWhileItWaits() throws Exception {
        AtomicInteger leaves = new AtomicInteger();
        Thread owner = Thread.currentThread();
        Scope.run(scope -> {
            scope.fork(() -> {
                Await.waitingForForks(owner); // the body has returned: the scope is waiting
                for (int i = 0; i < 3; i++) {
                    scope.fork(leaves::incrementAndGet);
                }
                return null;
            });
            return null;
        });
        assertEquals(3, leaves.get());
    }

    @Test
    void badInputGetsAClearException() throws Exception {
        assertThrows(NullPointerException.class, () -> Scope.run(null));
        assertThrows(NullPointerException.class, () -> Scope.supervised(null));
        AtomicReference<Scope> escaped = new AtomicReference<>();
        Scope.run(scope -> {
            assertThrows(NullPointerException.class, () -> scope.fork(null));
            assertThrows(NullPointerException.class, () -> scope.invokeOnCancellation(null));
            assertThrows(NullPointerException.class, () -> scope.produce(1, null));
            assertThrows(NullPointerException.class, () -> scope.actor(1, null));
            assertThrows(IllegalArgumentException.class, () -> scope.produce(-7, out -> { }));
            escaped.set(scope);
            return null;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> escaped.get().fork(() -> 1));
        assertTrue(e.getMessage().contains("finished"));
    }

    @Test
    void aForkCannotJoinItself() throws Exception {
        Scope.run(scope -> {
            AtomicReference<Fork<Object>> self = new AtomicReference<>();
            CountDownLatch published = new CountDownLatch(1);
            Fork<Object> f = scope.fork(() -> {
                published.await();
                return assertThrows(IllegalStateException.class, () -> self.get().join());
            });
            self.set(f);
            published.countDown();
            assertInstanceOf(IllegalStateException.class, f.join());
            return null;
        });
    }

    @Test
    void aHundredThousandForksInOneScope() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Set<Thread> sampled = ConcurrentHashMap.newKeySet();
        Scope.run(scope -> {
            for (int i = 0; i < 100_000; i++) {
                boolean sample = i % 1_000 == 0;
                scope.fork(() -> {
                    if (sample) {
                        sampled.add(Thread.currentThread());
                    }
                    return ran.incrementAndGet();
                });
            }
            return null;
        });
        assertEquals(100_000, ran.get());
        assertEquals(100, sampled.size());
        sampled.forEach(t -> assertFalse(t.isAlive()));
    }

    /** A fork body that says it started, waits until its fork is cancelled, records that interrupt and rethrows it. */
    private static Callable<Void> waitForCancellation(CountDownLatch started, AtomicReference<Throwable> saw) {
        return () -> {
            started.countDown();
            try {
                Thread.sleep(60_000); // blocks until the cancellation interrupts it
            } catch (InterruptedException e) {
                saw.set(e);
                throw e;
            }
            return null;
        };
    }
}
