package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Small deterministic-outcome races: an interrupt, a time-out, a close or a cancel arriving while an element is being
 * handed over. Whoever wins, the element is received exactly once or handed to the handler exactly once.
 */
@Timeout(60)
class ChannelRacesTest extends AbstractChannelTest {

    private static final int ROUNDS = 60;

    private static void spinRandomly() {
        int n = ThreadLocalRandom.current().nextInt(200);
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
    }

    /** Drains what is there now, without waiting. */
    private static List<Integer> drainNow(Channel<Integer> c) {
        List<Integer> out = new ArrayList<>();
        for (ChannelResult<Integer> r = c.tryReceive(); r.isSuccess(); r = c.tryReceive()) {
            out.add(r.getOrThrow());
        }
        return out;
    }

    /** A waiting receiver is interrupted while a sender arrives: it gets the element or the element stays. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void interruptVersusSendToWaitingReceiver(ChannelKind kind, ThreadKind threads) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = kind.create(dropped);
            Worker<Integer> receiver = blockedReceiver(threads, c);
            Worker<Void> sender = start(threads, "sender", () -> {
                c.send(7);
                return null;
            });
            spinRandomly();
            receiver.thread.interrupt();
            Throwable failure = null;
            Integer got = null;
            try {
                got = receiver.join();
            } catch (AssertionError e) {
                failure = e.getCause();
            }
            if (got != null) {
                assertEquals(7, got);
                sender.join();
                assertTrue(drainNow(c).isEmpty(), "round " + round + ": received twice");
            } else {
                if (!(failure instanceof InterruptedException)) {
                    fail("round " + round + ": receiver failed with " + failure, failure);
                }
                assertEquals(7, c.receive(), "round " + round + ": element lost after an interrupted receive");
                sender.join();
            }
            dropped.assertNone();
        }
    }

    /** A waiting sender is interrupted while a receiver arrives: delivered, or released and never received. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#blockingKindsAndThreads")
    void interruptVersusReceiveFromWaitingSender(ChannelKind kind, ThreadKind threads) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = kind.create(dropped);
            int buffered = fill(c, 0);
            Worker<Void> sender = blockedSender(threads, c, -7);
            Worker<Integer> receiver = start(threads, "receiver", c::receive);
            spinRandomly();
            sender.thread.interrupt();
            boolean sent;
            try {
                sender.join();
                sent = true;
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof InterruptedException)) {
                    throw e;
                }
                sent = false;
            }
            List<Integer> got = new ArrayList<>();
            if (buffered > 0 || sent) {
                got.add(receiver.join());
            }
            got.addAll(drainNow(c));
            if (!sent && buffered == 0) {
                // the receiver is still waiting: nothing was there for it
                assertFalse(receiver.isDone() && receiver.join() != null && receiver.join() == -7,
                        "round " + round + ": an interrupted send's element was received");
                c.send(99);
                assertEquals(99, receiver.join());
            }
            assertEquals(sent ? 1 : 0, Collections.frequency(got, -7), "round " + round + " received " + got);
            assertEquals(sent ? List.of() : List.of(-7), dropped.list(), "round " + round);
            assertEquals(buffered + (sent ? 1 : 0), got.size(), "round " + round + " received " + got);
        }
    }

    /** A timed receive runs out while a trySend hands it an element: both must agree. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void timeoutVersusTrySendOnRendezvous(ThreadKind threads) {
        Channel<Integer> c = Channel.rendezvous();
        for (int round = 0; round < ROUNDS * 3; round++) {
            long nanos = ThreadLocalRandom.current().nextLong(1_000, 300_000);
            Worker<Integer> receiver = start(threads, "timed-receiver", () -> c.receive(Duration.ofNanos(nanos)));
            boolean handed = false;
            while (!receiver.isDone() && !handed) {
                handed = c.trySend(round).isSuccess();
            }
            Integer got = receiver.join();
            if (handed) {
                assertEquals(round, got, "round " + round + ": trySend succeeded but the receiver timed out");
            } else {
                assertNull(got, "round " + round + ": receiver got an element nobody sent successfully");
            }
            assertTrue(c.tryReceive().isFailure());
        }
    }

    /** A timed send runs out while a tryReceive takes its element: both must agree, and nothing is released. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void timeoutVersusTryReceiveOnRendezvous(ThreadKind threads) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().onUndeliveredElement(dropped).build();
        for (int round = 0; round < ROUNDS * 3; round++) {
            long nanos = ThreadLocalRandom.current().nextLong(1_000, 300_000);
            int element = round;
            Worker<Boolean> sender = start(threads, "timed-sender", () -> c.send(element, Duration.ofNanos(nanos)));
            Integer got = null;
            while (!sender.isDone() && got == null) {
                got = c.tryReceive().getOrNull();
            }
            boolean sent = sender.join();
            if (got == null) {
                got = c.tryReceive().getOrNull();
            }
            if (sent) {
                assertEquals(element, got, "round " + round + ": send reported success but nothing was received");
            } else {
                assertNull(got, "round " + round + ": send timed out but its element was received");
            }
        }
        dropped.assertNone();
    }

    /** A send racing with close either goes through (and is received) or fails and releases its element. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void sendVersusClose(ChannelKind kind, ThreadKind threads) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = kind.create(dropped);
            Worker<Void> sender = start(threads, "sender", () -> {
                c.send(1);
                return null;
            });
            spinRandomly();
            c.close();
            List<Integer> got = new ArrayList<>();
            for (ChannelResult<Integer> r = c.receiveCatching(); !r.isClosed(); r = c.receiveCatching()) {
                got.add(r.getOrThrow());
            }
            boolean sent;
            try {
                sender.join();
                sent = true;
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof ClosedSendChannelException)) {
                    throw e;
                }
                sent = false;
            }
            assertEquals(sent ? List.of(1) : List.of(), got, "round " + round);
            assertEquals(sent ? List.of() : List.of(1), dropped.list(), "round " + round);
        }
    }

    /** A send racing with cancel: whatever happens, its element ends up in the handler exactly once. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void sendVersusCancel(ChannelKind kind, ThreadKind threads) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = kind.create(dropped);
            Worker<Void> sender = start(threads, "sender", () -> {
                c.send(1);
                return null;
            });
            spinRandomly();
            c.cancel();
            try {
                sender.join();
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof CancellationException)) {
                    throw e;
                }
            }
            assertEquals(List.of(1), dropped.list(), "round " + round);
            assertTrue(c.isClosedForReceive());
        }
    }

    /** A receive racing with cancel and a sender: the element is received or released, never both. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void receiveVersusCancel(ChannelKind kind, ThreadKind threads) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = kind.create(dropped);
            Worker<Integer> receiver = start(threads, "receiver", c::receive);
            Worker<Void> sender = start(threads, "sender", () -> {
                c.send(1);
                return null;
            });
            spinRandomly();
            c.cancel();
            boolean received;
            try {
                assertEquals(1, receiver.join());
                received = true;
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof CancellationException)) {
                    throw e;
                }
                received = false;
            }
            try {
                sender.join();
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof CancellationException)) {
                    throw e;
                }
            }
            assertEquals(received ? List.of() : List.of(1), dropped.list(), "round " + round);
        }
    }

    /**
     * isEmpty (which may skip cells that will never hold an element) and toString, called all the time while
     * elements flow, must neither lose, duplicate nor reorder anything, and must not throw.
     */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void observersDuringTraffic(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        int n = 3000;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Worker<Integer> observer = start(threads, "observer", () -> {
            int calls = 0;
            while (!stop.get()) {
                c.isEmpty();
                c.isClosedForReceive();
                if ((calls++ & 63) == 0) {
                    // debugString() is exercised by ChannelToStringTest.diagnosticsDuringTraffic
                    c.toString();
                }
            }
            return calls;
        });
        Worker<Void> producer = start(threads, "producer", () -> {
            for (int i = 0; i < n; i++) {
                c.send(i);
                if ((i & 7) == 0) {
                    c.isEmpty();
                }
            }
            c.close();
            return null;
        });
        List<Integer> got = new ArrayList<>();
        for (ChannelIterator<Integer> it = c.iterator(); it.hasNext(); ) {
            got.add(it.next());
            if ((got.size() & 7) == 0) {
                c.isEmpty();
            }
        }
        producer.join();
        stop.set(true);
        observer.join();
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i - 1) < got.get(i), "out of order or duplicated at " + i + ": " + got.get(i - 1)
                    + " then " + got.get(i));
        }
        if (kind.lossless()) {
            assertEquals(n, got.size());
            dropped.assertNone();
        } else {
            assertEquals(n, got.size() + dropped.size());
        }
        assertFalse(c.isEmpty());
        assertTrue(c.isClosedForReceive());
    }

    /**
     * Producers and consumers interrupted at random: every element is received exactly once or, if its send gave
     * up, handed to the handler exactly once, never both.
     */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void interruptStorm(ChannelKind kind, ThreadKind threads) throws Exception {
        int producers = 2;
        int perProducer = 600;
        int total = producers * perProducer;
        java.util.concurrent.atomic.AtomicIntegerArray received = new java.util.concurrent.atomic.AtomicIntegerArray(total);
        java.util.concurrent.atomic.AtomicIntegerArray released = new java.util.concurrent.atomic.AtomicIntegerArray(total);
        Channel<Integer> c = kind.create(e -> released.incrementAndGet(e));
        List<Worker<Void>> producerWorkers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            producerWorkers.add(start(threads, "producer-" + p, () -> {
                for (int i = 0; i < perProducer; i++) {
                    try {
                        c.send(base + i);
                    } catch (InterruptedException e) {
                        // given up: the element went to the handler
                    }
                }
                return null;
            }));
        }
        Action<Void> consume = () -> {
            while (true) {
                try {
                    ChannelResult<Integer> r = c.receiveCatching();
                    if (r.isClosed()) {
                        return null;
                    }
                    received.incrementAndGet(r.getOrThrow());
                } catch (InterruptedException e) {
                    // nothing taken; try again
                }
            }
        };
        List<Worker<Void>> consumerWorkers = List.of(start(threads, "consumer-0", consume),
                start(threads, "consumer-1", consume));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Worker<Void> interrupter = start(ThreadKind.PLATFORM, "interrupter", () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                List<Worker<Void>> all = new ArrayList<>(producerWorkers);
                all.addAll(consumerWorkers);
                all.get(rnd.nextInt(all.size())).thread.interrupt();
                for (int i = rnd.nextInt(300); i > 0; i--) {
                    Thread.onSpinWait();
                }
            }
            return null;
        });
        for (Worker<Void> w : producerWorkers) {
            w.join();
        }
        stop.set(true);
        interrupter.join();
        c.close();
        for (Worker<Void> w : consumerWorkers) {
            w.join();
        }
        int receivedCount = 0;
        int releasedCount = 0;
        for (int i = 0; i < total; i++) {
            int rc = received.get(i);
            int dc = released.get(i);
            assertTrue(rc + dc == 1, "element " + i + " received " + rc + " times and released " + dc + " times");
            receivedCount += rc;
            releasedCount += dc;
        }
        if (!kind.lossless()) {
            return;
        }
        assertTrue(receivedCount > 0, "received " + receivedCount + ", released " + releasedCount);
    }
}
