package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadDump;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Select#selectN} and {@link Select#selectAll}: repeated selects with the atomicity of one select per clause. A
 * quorum read takes the first n of m answers and leaves the others where they are; results come in completion order;
 * a time-out counts from the start of the whole call and ends it early, its value last; an interrupt after some rounds
 * throws their values with it, so that nothing they received is lost.
 */
@Timeout(60)
class SelectNTest {

    /** Three replicas have answered; a quorum of two takes the first two in clause order and not the third. */
    @Test
    void aQuorumReadConsumesOnlyTheAnswersItUses() throws InterruptedException {
        List<Channel<String>> replicas = replicas(3, 1);
        for (int i = 0; i < 3; i++) {
            replicas.get(i).send("reply" + i);
        }
        List<String> quorum = Select.selectN(2, replicas.get(0).onReceive(r -> r), replicas.get(1).onReceive(r -> r),
                replicas.get(2).onReceive(r -> r));
        assertEquals(List.of("reply0", "reply1"), quorum);
        assertEquals("reply2", replicas.get(2).tryReceive().getOrNull(), "the third answer is still in its channel");
        assertTrue(replicas.get(0).isEmpty() && replicas.get(1).isEmpty());
        Registrations.assertNoneLeft(replicas.toArray(new Channel<?>[0]));
    }

    /** Each round is a select: the replies come back in the order the replicas answered. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void selectAllReturnsTheValuesInCompletionOrder(ThreadKind threads) throws Exception {
        List<Channel<String>> replicas = replicas(3, Channel.RENDEZVOUS);
        Worker<List<String>> reader = Worker.startParked(threads, "reader", () -> Select.selectAll(
                replicas.get(0).onReceive(r -> r), replicas.get(1).onReceive(r -> r), replicas.get(2).onReceive(r -> r)));
        replicas.get(2).send("c");
        replicas.get(0).send("a");
        replicas.get(1).send("b");
        assertEquals(List.of("c", "a", "b"), reader.value());
        Registrations.assertNoneLeft(replicas.toArray(new Channel<?>[0]));
    }

    @Test
    void selectAllCompletesSendAndReceiveClausesOnceEach() throws InterruptedException {
        Channel<String> out = Channel.buffered(4);
        Channel<String> in = Channel.buffered(4);
        in.send("x");
        in.send("y");
        List<String> done = Select.selectAll(out.onSend("o", () -> "sent o"), in.onReceive(v -> "got " + v));
        assertEquals(List.of("sent o", "got x"), done);
        assertEquals("o", out.tryReceive().getOrNull());
        assertTrue(out.isEmpty(), "the send clause sent once");
        assertEquals("y", in.tryReceive().getOrNull(), "the receive clause took one element");
    }

    /** A time-out ends the call early, its value last; the replicas that did not answer in time lose nothing. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aTimeoutEndsAQuorumReadEarly(ThreadKind threads) throws Exception {
        List<Channel<String>> replicas = replicas(3, Channel.RENDEZVOUS);
        Worker<Void> fast = Worker.run(threads, "fast replica", () -> replicas.get(1).send("fast"));
        List<String> answers = Select.selectN(2, replicas.get(0).onReceive(r -> r), replicas.get(1).onReceive(r -> r),
                replicas.get(2).onReceive(r -> r), Select.onTimeout(Duration.ofMillis(50), () -> "timeout"));
        fast.value();
        assertEquals(List.of("fast", "timeout"), answers);
        Registrations.assertNoneLeft(replicas.toArray(new Channel<?>[0]));
        Worker<Void> slow = Worker.run(threads, "slow replica", () -> replicas.get(0).send("slow")).awaitParked();
        assertEquals("slow", replicas.get(0).receive(), "a late answer still reaches a later reader");
        slow.value();
    }

    /**
     * The time-out counts from the start of the call, not from each round: a first answer after 800 ms leaves 200 ms
     * of a one-second time-out for the second (per round it would be 1.8 s; the bound in between is wide because the
     * machine is shared).
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void theTimeoutCountsFromTheStartOfTheCall(ThreadKind threads) throws Exception {
        List<Channel<String>> replicas = replicas(2, Channel.RENDEZVOUS);
        Duration timeout = Duration.ofSeconds(1);
        Worker<List<String>> reader = Worker.start(threads, "reader", () -> Select.selectN(2,
                replicas.get(0).onReceive(r -> r), replicas.get(1).onReceive(r -> r),
                Select.onTimeout(timeout, () -> "timeout")));
        long start = System.nanoTime();
        reader.awaitParked();
        LockSupport.parkNanos(Duration.ofMillis(800).toNanos());
        replicas.get(0).trySend("late");
        List<String> answers = reader.value();
        long elapsed = System.nanoTime() - start;
        if (answers.get(0).equals("timeout")) {
            return; // the machine stalled for 200 ms before the answer was sent: nothing to measure
        }
        assertEquals(List.of("late", "timeout"), answers);
        assertTrue(elapsed < Duration.ofMillis(1600).toNanos(), "took " + elapsed / 1_000_000 + " ms");
    }

    /**
     * The time the blocks take counts too. The first round's block outlasts the whole time-out, so the second round
     * starts with a zero time-out, which is chosen at once in clause order, before the ready clause listed after it.
     * (Per round, the time-out would have been positive again and the ready clause would have won.)
     */
    @Test
    void aTimeoutUsedUpByEarlierRoundsIsChosenAtOnce() throws InterruptedException {
        Channel<String> first = Channel.buffered(1);
        Channel<String> second = Channel.buffered(1);
        first.send("first");
        second.send("second");
        Duration timeout = Duration.ofMillis(50);
        List<String> answers = Select.selectN(2,
                first.onReceive(v -> {
                    sleepAtLeast(timeout.multipliedBy(2));
                    return v;
                }),
                Select.onTimeout(timeout, () -> "timeout"),
                second.onReceive(v -> v));
        assertEquals(List.of("first", "timeout"), answers);
        assertEquals("second", second.tryReceive().getOrNull(), "the clause after the time-out took nothing");
    }

    /**
     * An interrupt in the second round of a quorum read of two: the first answer is not lost with it but travels in
     * the exception; the waiting round took nothing and left no receiver behind.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void anInterruptAfterOneOfTwoRoundsThrowsTheFirstAnswerWithIt(ThreadKind threads) throws Exception {
        Channel<String> ready = Channel.buffered(1);
        Channel<String> silent = Channel.rendezvous();
        ready.send("r");
        Worker<List<String>> reader = Worker.startParked(threads, "reader",
                () -> Select.selectN(2, ready.onReceive(v -> v), silent.onReceive(v -> v)));
        reader.interrupt();
        SelectInterruptedException e = reader.thrown(SelectInterruptedException.class);
        assertEquals(List.of("r"), e.results(), "the completed round's value");
        assertFalse(reader.interruptedAfter(), "the exception is an InterruptedException: the flag is clear");
        assertTrue(ready.isEmpty(), "the first round took its element, once");
        Registrations.assertNoneLeft(ready, silent);
        assertTrue(silent.trySend("x").isFailure(), "the second round left no receiver behind");
    }

    /** The same for selectAll: two of three rounds completed, then an interrupt; both values come with it. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void anInterruptedSelectAllThrowsTheValuesOfTheCompletedRounds(ThreadKind threads) throws Exception {
        List<Channel<String>> replicas = replicas(3, 1);
        replicas.get(2).send("c");
        replicas.get(0).send("a");
        Worker<List<String>> reader = Worker.startParked(threads, "reader", () -> Select.selectAll(
                replicas.get(0).onReceive(r -> r), replicas.get(1).onReceive(r -> r), replicas.get(2).onReceive(r -> r)));
        reader.interrupt();
        assertEquals(List.of("a", "c"), reader.thrown(SelectInterruptedException.class).results());
        Registrations.assertNoneLeft(replicas.toArray(new Channel<?>[0]));
        assertTrue(replicas.get(1).trySend("b").isSuccess(), "the waiting round took nothing");
        assertEquals("b", replicas.get(1).tryReceive().getOrNull());
    }

    /** Interrupted in its first round, a selectN completed nothing: the exception carries an empty list. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void anInterruptInTheFirstRoundThrowsNoValues(ThreadKind threads) {
        Channel<String> silent = Channel.rendezvous();
        Worker<List<String>> reader = Worker.startParked(threads, "reader",
                () -> Select.selectN(1, List.of(silent.onReceive(v -> v))));
        reader.interrupt();
        assertEquals(List.of(), reader.thrown(SelectInterruptedException.class).results());
        Registrations.assertNoneLeft(silent);
    }

    /**
     * A sender hands over the second answer while the reader is being interrupted: the reader either returns both
     * answers (the interrupt flag maybe set again) or throws the first with the second still in its channel. Either
     * way each answer is received exactly once.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void anInterruptRacingWithTheSecondAnswerLosesNeither(ThreadKind threads) throws Exception {
        for (int race = 0; race < 200; race++) {
            Channel<String> first = Channel.buffered(1);
            Channel<String> second = Channel.rendezvous();
            first.send("first");
            Worker<List<String>> reader = Worker.startParked(threads, "reader",
                    () -> Select.selectN(2, first.onReceive(v -> v), second.onReceive(v -> v)));
            Worker<Void> sender = Worker.run(threads, "sender", () -> second.send("second"));
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 50_000));
            reader.interrupt();
            List<String> received = new ArrayList<>();
            try {
                received.addAll(reader.get());
            } catch (SelectInterruptedException e) {
                received.addAll(e.results().stream().map(String.class::cast).toList());
                received.add(second.receive());
            }
            sender.value();
            assertEquals(List.of("first", "second"), received);
            Registrations.assertNoneLeft(first, second);
        }
    }

    /** A time-out after one of three rounds of a selectAll: the first value, then the time-out's; the rest untouched. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aTimeoutAfterOneOfThreeRoundsReturnsTheFirstValueAndTheTimeout(ThreadKind threads) throws Exception {
        List<Channel<String>> replicas = replicas(3, 1);
        replicas.get(1).send("b");
        Worker<List<String>> reader = Worker.start(threads, "reader", () -> Select.selectAll(
                replicas.get(0).onReceive(r -> r), replicas.get(1).onReceive(r -> r), replicas.get(2).onReceive(r -> r),
                Select.onTimeout(Duration.ofMillis(50), () -> "timeout")));
        assertEquals(List.of("b", "timeout"), reader.value());
        Registrations.assertNoneLeft(replicas.toArray(new Channel<?>[0]));
        assertTrue(replicas.get(0).trySend("a").isSuccess() && replicas.get(2).trySend("c").isSuccess(),
                "the rounds that timed out took nothing");
    }

    /**
     * Many rounds of five replicas answering in random order, on buffered and rendezvous channels: a quorum of three
     * takes three distinct answers, and the two others are still there to be received, each exactly once.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void quorumReadsUnderConcurrencyLoseAndDuplicateNothing(ThreadKind threads) throws Exception {
        int m = 5;
        int n = 3;
        for (int round = 0; round < 100; round++) {
            List<Channel<String>> replicas = replicas(m, round % 2 == 0 ? Channel.RENDEZVOUS : 1);
            List<Worker<Void>> answering = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                Channel<String> replica = replicas.get(i);
                String answer = "r" + round + "/" + i;
                answering.add(Worker.run(threads, "replica " + i, () -> {
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, 200_000));
                    replica.send(answer);
                }));
            }
            List<String> quorum = Select.selectN(n, replicas.get(0).onReceive(r -> r), replicas.get(1).onReceive(r -> r),
                    replicas.get(2).onReceive(r -> r), replicas.get(3).onReceive(r -> r), replicas.get(4).onReceive(r -> r));
            Set<String> all = new HashSet<>(quorum);
            assertEquals(n, all.size(), "three distinct answers: " + quorum);
            for (Channel<String> replica : replicas) {
                String left = replica.tryReceive().getOrNull();
                if (left == null && !quorumHasAnswerOf(quorum, replicas.indexOf(replica))) {
                    left = replica.receive(); // its replica had not sent yet
                }
                if (left != null) {
                    assertTrue(all.add(left), "received twice: " + left);
                }
            }
            assertEquals(m, all.size(), "every answer received exactly once: " + all);
            ThreadDump.joinAll(Worker.threads(answering), replicas.toArray(new Channel<?>[0]));
            answering.forEach(Worker::value);
            Registrations.assertNoneLeft(replicas.toArray(new Channel<?>[0]));
        }
    }

    private static void sleepAtLeast(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static boolean quorumHasAnswerOf(List<String> quorum, int replica) {
        for (String answer : quorum) {
            if (answer.endsWith("/" + replica)) {
                return true;
            }
        }
        return false;
    }

    private static List<Channel<String>> replicas(int m, int capacity) {
        List<Channel<String>> list = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            list.add(Channel.<String>builder().capacity(capacity).name("replica" + i).build());
        }
        return list;
    }
}
