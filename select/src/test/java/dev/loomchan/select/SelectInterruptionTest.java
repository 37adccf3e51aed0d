package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.SelectClause;
import dev.loomchan.select.support.ChannelKind;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupting a waiting select: it throws InterruptedException, withdraws every registration, and loses nothing. A
 * receive clause took no element, or it took one and the select returns it (with the interrupt flag set again); a
 * send clause sent nothing and its element stays the caller's, not handed to onUndeliveredElement, or it was sent and
 * the select returns normally. The races between the interrupt and a partner run many times on both thread kinds.
 */
@Timeout(120)
class SelectInterruptionTest {
    private static final int RACES = 300;

    static Stream<Arguments> timedAndUntimedOnBothThreads() {
        List<Arguments> list = new ArrayList<>();
        for (boolean timed : new boolean[]{false, true}) {
            for (ThreadKind threads : ThreadKind.values()) {
                list.add(Arguments.of(timed, threads));
            }
        }
        return list.stream();
    }

    static Stream<Arguments> receiveKindsOnBothThreads() {
        return onBothThreads(ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1, ChannelKind.UNLIMITED);
    }

    /** The kinds whose send clause can wait, so that an interrupt can race with its partner. */
    static Stream<Arguments> sendKindsOnBothThreads() {
        return onBothThreads(ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1);
    }

    private static Stream<Arguments> onBothThreads(ChannelKind... kinds) {
        List<Arguments> list = new ArrayList<>();
        for (ChannelKind kind : kinds) {
            for (ThreadKind threads : ThreadKind.values()) {
                list.add(Arguments.of(kind, threads));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "timed {0}, {1}")
    @MethodSource("timedAndUntimedOnBothThreads")
    void anInterruptedSelectWithdrawsEveryRegistrationAndKeepsItsElement(boolean timed, ThreadKind threads)
            throws Exception {
        ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> in = Channel.rendezvous();
        Channel<String> out = Channel.<String>builder().onUndeliveredElement(undelivered::add).build();
        Channel<String> other = Channel.buffered(1);
        other.send("full");
        List<SelectClause<String>> clauses = new ArrayList<>(List.of(in.onReceive(v -> v),
                out.onSend("kept", () -> "sent"), other.onSend("kept too", () -> "sent"), in.onReceiveCatching(r -> "")));
        if (timed) {
            clauses.add(Select.onTimeout(Duration.ofMinutes(5), () -> "timeout"));
        }
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(clauses));
        assertEquals(2, Registrations.in(in));
        assertEquals(1, Registrations.in(out));
        assertEquals(1, Registrations.in(other));
        selector.interrupt();
        selector.thrown(InterruptedException.class);
        assertFalse(selector.interruptedAfter(), "InterruptedException clears the flag");
        Registrations.assertNoneLeft(in, out, other);
        assertEquals(List.of(), List.copyOf(undelivered), "the send clause's element stays the caller's");
        assertTrue(out.tryReceive().isFailure() && in.trySend("x").isFailure(), "nothing is left waiting");
        assertEquals("full", other.tryReceive().getOrNull());
        assertTrue(other.tryReceive().isFailure(), "the other send clause sent nothing");
    }

    /**
     * A sender arrives while the waiting select is being interrupted: either the select returns the element (maybe
     * with the interrupt flag set) or it throws and the element is still there for the next receiver.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("receiveKindsOnBothThreads")
    void anInterruptRacingWithAnArrivingElementLosesNothing(ChannelKind kind, ThreadKind threads) throws Exception {
        ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> ch = kind.create(undelivered::add);
        Channel<String> silent = Channel.rendezvous();
        for (int round = 0; round < RACES; round++) {
            String element = "e" + round;
            Worker<String> selector = Worker.startParked(threads, "selector",
                    () -> Select.select(silent.onReceive(v -> "silent"), ch.onReceive(v -> v)));
            AtomicBoolean go = new AtomicBoolean();
            Worker<Void> sender = Worker.run(threads, "sender", () -> {
                awaitGo(go);
                ch.send(element);
            });
            go.set(true);
            spinAFewMicros();
            selector.interrupt();
            if (!threw(selector.join())) {
                assertEquals(element, selector.value(), "the select returned the element it took");
            } else {
                assertEquals(element, ch.receive(), "the interrupted select took nothing");
            }
            sender.value();
            assertTrue(ch.tryReceive().isFailure(), "the element was received once");
            Registrations.assertNoneLeft(ch, silent);
        }
        assertEquals(List.of(), List.copyOf(undelivered));
    }

    /**
     * A receiver arrives while the waiting select-send is being interrupted: either the select returns normally and
     * the receiver got the element, or the select throws and the element was neither received nor handed over.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("sendKindsOnBothThreads")
    void anInterruptRacingWithAReceiverLosesNothing(ChannelKind kind, ThreadKind threads) throws Exception {
        ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> ch = kind.create(undelivered::add);
        Channel<String> silent = Channel.rendezvous();
        for (int round = 0; round < RACES; round++) {
            String element = "e" + round;
            List<String> expected = new ArrayList<>();
            while (ch.trySend("b" + round + "/" + expected.size()).isSuccess()) {
                expected.add("b" + round + "/" + expected.size());
            }
            Worker<String> selector = Worker.startParked(threads, "selector",
                    () -> Select.select(silent.onReceive(v -> "silent"), ch.onSend(element, () -> "sent")));
            AtomicBoolean go = new AtomicBoolean();
            Worker<String> receiver = Worker.start(threads, "receiver", () -> {
                awaitGo(go);
                return ch.receive();
            });
            go.set(true);
            spinAFewMicros();
            selector.interrupt();
            if (threw(selector.join())) {
                expected.add("filler");
                ch.send("filler"); // releases the receiver if it is still waiting
            } else {
                assertEquals("sent", selector.value());
                expected.add(element);
            }
            List<String> received = new ArrayList<>();
            received.add(receiver.value());
            for (String e = ch.tryReceive().getOrNull(); e != null; e = ch.tryReceive().getOrNull()) {
                received.add(e);
            }
            assertEquals(expected, received);
            Registrations.assertNoneLeft(ch, silent);
        }
        assertEquals(List.of(), List.copyOf(undelivered), "an interrupted select keeps its element");
    }

    private static boolean threw(Worker<String> selector) {
        try {
            selector.get();
            return false;
        } catch (InterruptedException e) {
            return true;
        } catch (Exception e) {
            throw new AssertionError("the select threw " + e, e);
        }
    }

    private static void awaitGo(AtomicBoolean go) {
        while (!go.get()) {
            Thread.onSpinWait();
        }
    }

    /** A random pause of a few microseconds, so that the interrupt lands before, during or after the partner's step. */
    private static void spinAFewMicros() {
        long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(0, 20_000);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
