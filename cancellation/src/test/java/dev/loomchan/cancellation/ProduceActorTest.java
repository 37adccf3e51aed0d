package dev.loomchan.cancellation;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ReceiveChannel;
import dev.loomchan.SendChannel;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** produce and actor: Kotlin's ProduceTest and ActorTest, as far as they apply to threads. */
@Timeout(20)
class ProduceActorTest {

    @Test
    void produceSendsThenClosesWhenTheProducerReturns() throws Exception {
        Scope.run(scope -> {
            ReceiveChannel<Integer> c = scope.produce(0, out -> {
                out.send(1);
                out.send(2);
            });
            assertEquals(1, c.receive());
            assertEquals(2, c.receive());
            ChannelResult<Integer> end = c.receiveCatching();
            assertTrue(end.isClosed());
            assertNull(end.exceptionOrNull());
            return null;
        });
    }

    @Test
    void producedAndActorChannelsPassRunsThrough() throws Exception {
        List<Integer> consumed = new java.util.concurrent.CopyOnWriteArrayList<>();
        Scope.run(scope -> {
            SendChannel<Integer> actor = scope.actor(4, inbox -> {
                List<Integer> run = new java.util.ArrayList<>();
                while (consumed.size() < 10) {
                    run.clear();
                    inbox.receiveMany(run, 3);
                    consumed.addAll(run);
                }
            });
            ReceiveChannel<Integer> c = scope.produce(16, out -> out.sendAll(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
            List<Integer> drained = new java.util.ArrayList<>();
            while (drained.size() < 10) {
                if (c.drainTo(drained, 4) == 0) {
                    drained.add(c.receive());
                }
            }
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), drained);
            assertEquals(2, actor.trySendAll(List.of(1, 2)), "the inbox has room for both");
            actor.sendAll(List.of(3, 4, 5, 6, 7, 8, 9, 10));
            actor.close();
            return null;
        });
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), consumed);
    }

    @Test
    void cancellingTheChannelCancelsTheProducerWithoutFailingTheScope() throws Exception {
        AtomicReference<Throwable> producerSaw = new AtomicReference<>();
        Scope.run(scope -> {
            ReceiveChannel<Integer> c = scope.produce(0, out -> {
                out.send(1);
                try {
                    out.send(2); // cancelled
                } catch (Throwable t) {
                    producerSaw.set(t);
                    throw t;
                }
            });
            assertEquals(1, c.receive());
            c.cancel();
            assertThrows(CancellationException.class, () -> c.receiveCatching().getOrThrow());
            return null;
        });
        assertTrue(producerSaw.get() instanceof InterruptedException || producerSaw.get() instanceof CancellationException,
                "the producer saw " + producerSaw.get());
    }

    @Test
    void cancellingTheChannelWithACauseReportsIt() throws Exception {
        IOException cause = new IOException("consumer gave up");
        Scope.run(scope -> {
            ReceiveChannel<Integer> c = scope.produce(0, out -> out.send(1));
            c.cancel(cause);
            CancellationException e = assertThrows(CancellationException.class, c::receive);
            assertSame(cause, e.getCause());
            return null;
        });
    }

    @Test
    void cancellingTheChannelInterruptsAProducerBlockedElsewhere() throws Exception {
        Channel<Integer> source = Channel.rendezvous();
        AtomicReference<Throwable> producerSaw = new AtomicReference<>();
        CountDownLatch blocked = new CountDownLatch(1);
        Scope.run(scope -> {
            ReceiveChannel<Integer> produced = scope.produce(0, out -> {
                try {
                    blocked.countDown();
                    out.send(source.receive()); // blocked on another channel: only the interrupt reaches it
                } catch (InterruptedException e) {
                    producerSaw.set(e);
                    throw e;
                }
            });
            blocked.await();
            Threads.awaitUntil("the producer waits on the source", () -> source.statistics().waitingReceivers() == 1);
            produced.cancel();
            return null;
        });
        assertInstanceOf(InterruptedException.class, producerSaw.get());
        assertTrue(source.trySend(1).isFailure(), "the cancelled receive on the source left its cell");
    }

    @Test
    void aFailingProducerClosesTheChannelWithTheCauseAfterItsElementsAndFailsTheScope() {
        IllegalStateException failure = new IllegalStateException("producer failed");
        List<Integer> received = new ArrayList<>();
        Exception thrown = assertThrows(IllegalStateException.class, () -> Scope.supervised(scope -> {
            ReceiveChannel<Integer> c = scope.produce(Channel.UNLIMITED, out -> {
                for (int i = 0; i < 5; i++) {
                    out.send(i);
                }
                throw failure;
            });
            for (int i = 0; i < 5; i++) {
                received.add(c.receive());
            }
            ClosedReceiveChannelException e = assertThrows(ClosedReceiveChannelException.class, c::receive);
            assertSame(failure, e.getCause());
            throw failure; // the supervised scope kept it; rethrow to show it came through
        }));
        assertSame(failure, thrown);
        assertEquals(List.of(0, 1, 2, 3, 4), received);
        Exception inOrdinaryScope = assertThrows(IllegalStateException.class, () -> Scope.run(scope -> {
            scope.produce(0, out -> {
                throw failure;
            });
            return null;
        }));
        assertSame(failure, inOrdinaryScope);
    }

    @Test
    void scopeCancellationReachesTheProducerAndItsConsumer() {
        AtomicReference<Throwable> consumerSaw = new AtomicReference<>();
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            ReceiveChannel<Integer> c = scope.produce(0, out -> {
                for (int i = 0; ; i++) {
                    out.send(i);
                }
            });
            CountDownLatch consuming = new CountDownLatch(1);
            scope.fork(() -> {
                try {
                    while (true) {
                        c.receive();
                        consuming.countDown();
                    }
                } catch (Throwable t) {
                    consumerSaw.set(t);
                    throw t;
                }
            });
            consuming.await(); // a consumer cancelled before it starts never runs, and would see nothing
            scope.cancel();
            return null;
        }));
        assertNotNull(consumerSaw.get());
    }

    @Test
    void produceWithAnInvalidCapacityIsRejected() throws Exception {
        Scope.run(scope -> {
            assertThrows(IllegalArgumentException.class, () -> scope.produce(-3, out -> { }));
            return null;
        });
    }

    @Test
    void aProducerInACancelledScopeNeverRunsAndItsChannelIsClosed() {
        AtomicInteger ran = new AtomicInteger();
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            scope.cancel();
            Thread.interrupted();
            ReceiveChannel<Integer> c = scope.produce(1, out -> ran.incrementAndGet());
            assertThrows(CancellationException.class, c::receive);
            return null;
        }));
        assertEquals(0, ran.get());
    }

    // ---- actor ------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {Channel.RENDEZVOUS, 1, Channel.UNLIMITED, Channel.CONFLATED})
    void anEmptyActorClosesAndCancelsItsInboxWhenItReturns(int capacity) throws Exception {
        Scope.run(scope -> {
            CountDownLatch ran = new CountDownLatch(1);
            SendChannel<String> actor = scope.actor(capacity, inbox -> ran.countDown());
            ran.await();
            // The actor's body has run but may not have returned yet: a send before the close would be accepted by a
            // conflated, buffered or unlimited inbox. Wait for the close (the test's timeout bounds the wait).
            while (!actor.isClosedForSend()) {
                Thread.onSpinWait();
            }
            // The actor closes its inbox and then cancels it: between the two steps a send sees only the close.
            RuntimeException refused;
            do {
                refused = assertThrows(RuntimeException.class, () -> actor.send("late"));
            } while (refused instanceof dev.loomchan.ClosedSendChannelException);
            assertInstanceOf(CancellationException.class, refused);
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {Channel.RENDEZVOUS, 1, Channel.UNLIMITED, Channel.CONFLATED})
    void anActorReceivesWhatIsSent(int capacity) throws Exception {
        AtomicReference<String> got = new AtomicReference<>();
        Scope.run(scope -> {
            SendChannel<String> actor = scope.actor(capacity, inbox -> got.set(inbox.receive()));
            actor.send("OK");
            return null;
        });
        assertEquals("OK", got.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {Channel.RENDEZVOUS, 1, Channel.UNLIMITED})
    void closingAnActorWithoutACauseEndsItsLoop(int capacity) throws Exception {
        List<Integer> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<ChannelResult<Integer>> last = new AtomicReference<>();
        Scope.run(scope -> {
            SendChannel<Integer> actor = scope.actor(capacity, inbox -> {
                got.add(inbox.receive());
                last.set(inbox.receiveCatching());
            });
            actor.send(42);
            actor.close();
            return null;
        });
        assertEquals(List.of(42), got);
        assertTrue(last.get().isClosed());
        assertNull(last.get().exceptionOrNull());
    }

    @Test
    void closingAnActorWithACauseReachesItsReceive() throws Exception {
        IOException cause = new IOException();
        AtomicReference<Throwable> actorSaw = new AtomicReference<>();
        Scope.run(scope -> {
            SendChannel<Integer> actor = scope.actor(0, inbox -> {
                inbox.receive();
                try {
                    inbox.receive();
                } catch (ClosedReceiveChannelException e) {
                    actorSaw.set(e.getCause());
                }
            });
            actor.send(42);
            actor.close(cause);
            return null;
        });
        assertSame(cause, actorSaw.get());
    }

    @Test
    void cancellingTheEnclosingScopeCancelsTheActor() {
        AtomicReference<Throwable> actorSaw = new AtomicReference<>();
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            CountDownLatch started = new CountDownLatch(1);
            scope.actor(0, inbox -> {
                started.countDown();
                try {
                    inbox.receive();
                } catch (Throwable t) {
                    actorSaw.set(t);
                    throw t;
                }
            });
            started.await();
            scope.cancel();
            return null;
        }));
        assertInstanceOf(InterruptedException.class, actorSaw.get());
    }

    @Test
    void aFailingActorClosesItsInboxWithTheCauseAndHandsBackWhatItDidNotReceive() {
        IllegalArgumentException failure = new IllegalArgumentException("actor failed");
        List<Integer> undelivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<Throwable> senderSaw = new AtomicReference<>();
        Exception thrown = assertThrows(IllegalArgumentException.class, () -> Scope.supervised(scope -> {
            Channel<Integer> inbox = Channel.<Integer>builder().capacity(10).onUndeliveredElement(undelivered::add).build();
            CountDownLatch filled = new CountDownLatch(1);
            SendChannel<Integer> actor = scope.actor(inbox, in -> {
                filled.await();
                in.receive();
                throw failure;
            });
            for (int i = 0; i < 4; i++) {
                actor.send(i);
            }
            filled.countDown();
            Threads.awaitUntil("the failed actor's inbox is closed", actor::isClosedForSend);
            try {
                actor.send(99);
            } catch (Exception e) {
                senderSaw.set(e);
            }
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals(List.of(1, 2, 3, 99), undelivered.stream().sorted().toList(), "what the actor did not receive");
        assertInstanceOf(CancellationException.class, senderSaw.get());
        assertSame(failure, senderSaw.get().getCause());
    }

    @Test
    void anActorInACancelledScopeNeverRuns() {
        AtomicInteger ran = new AtomicInteger();
        assertThrows(CancellationException.class, () -> Scope.run(scope -> {
            scope.cancel();
            scope.actor(0, inbox -> ran.incrementAndGet());
            return null;
        }));
        assertEquals(0, ran.get());
    }
}
