package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadDump;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Select over a rendezvous channel, where every send meets a receive. The scenarios of Kotlin's
 * SelectRendezvousChannelTest: a clause that meets a waiting partner completes at once (even beside a default), a clause
 * with no partner waits for one or gives way to the default, closed channels, and a select whose block runs while the
 * other channel is closed. Every select that waits runs on a virtual and on a platform thread.
 */
@Timeout(60)
class SelectRendezvousChannelTest {

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onSendHandsTheElementToAWaitingReceiver(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> receiver = Worker.startParked(threads, "receiver", ch::receive);
        assertEquals("sent", Select.select(ch.onSend("OK", () -> "sent")));
        assertEquals("OK", receiver.value());

        Worker<String> second = Worker.startParked(threads, "receiver", ch::receive);
        assertEquals("sent", Select.select(ch.onSend("OK2", () -> "sent"), Select.onDefault(() -> "default")),
                "a waiting receiver makes the send clause ready: the default is not taken");
        assertEquals("OK2", second.value());
        Registrations.assertNoneLeft(ch);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onSendWithoutReceiverTakesTheDefaultAndLeavesNothingBehind(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        assertEquals("default", Select.select(ch.onSend("OK", () -> "sent"), Select.onDefault(() -> "default")));
        Registrations.assertNoneLeft(ch);
        assertTrue(ch.tryReceive().isFailure(), "the element of the send clause was not left in the channel");
        Worker<String> receiver = Worker.startParked(threads, "receiver", ch::receive);
        ch.send("CHK");
        assertEquals("CHK", receiver.value(), "the channel still pairs a plain send with a plain receive");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onSendWaitsForAReceiver(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> selector = Worker.startParked(threads, "selector",
                () -> Select.select(ch.onSend("OK", () -> "sent")));
        assertEquals(1, Registrations.in(ch), "the waiting select is registered in one cell");
        assertEquals("OK", ch.receive());
        assertEquals("sent", selector.value());
        Registrations.assertNoneLeft(ch);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onReceiveTakesTheElementOfAWaitingSender(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<Void> sender = Worker.run(threads, "sender", () -> ch.send("OK")).awaitParked();
        assertEquals("got OK", Select.select(ch.onReceive(v -> "got " + v)));
        sender.value();

        Worker<Void> second = Worker.run(threads, "sender", () -> ch.send("OK2")).awaitParked();
        assertEquals("got OK2", Select.select(ch.onReceive(v -> "got " + v), Select.onDefault(() -> "default")));
        second.value();
        Registrations.assertNoneLeft(ch);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onReceiveWithoutSenderTakesTheDefaultAndLeavesNothingBehind(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        assertEquals("default", Select.select(ch.onReceive(v -> v), Select.onDefault(() -> "default")));
        Registrations.assertNoneLeft(ch);
        assertTrue(ch.trySend("lost?").isFailure(), "no receiver was left behind to take a trySend");
        Worker<Void> sender = Worker.run(threads, "sender", () -> ch.send("CHK")).awaitParked();
        assertEquals("CHK", ch.receive());
        sender.value();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onReceiveWaitsForASender(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(ch.onReceive(v -> v)));
        assertEquals(1, Registrations.in(ch));
        ch.send("OK");
        assertEquals("OK", selector.value());
        Registrations.assertNoneLeft(ch);
    }

    @Test
    void onReceiveOfAClosedChannelThrows() {
        Channel<String> ch = Channel.rendezvous();
        ch.close();
        assertThrows(ClosedReceiveChannelException.class, () -> Select.select(ch.onReceive(v -> v)));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aWaitingOnReceiveThrowsWhenTheChannelIsClosed(ThreadKind threads) {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(ch.onReceive(v -> v)));
        ch.close();
        selector.thrown(ClosedReceiveChannelException.class);
        Registrations.assertNoneLeft(ch);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aWaitingOnReceiveCatchingGetsTheClosedResultWithItsCause(ThreadKind threads) throws Exception {
        Channel<String> plain = Channel.rendezvous();
        Worker<ChannelResult<String>> first = Worker.startParked(threads, "selector",
                () -> Select.select(plain.onReceiveCatching(r -> r)));
        plain.close();
        ChannelResult<String> closed = first.value();
        assertTrue(closed.isClosed());
        assertNull(closed.exceptionOrNull());

        Channel<String> withCause = Channel.rendezvous();
        IllegalStateException cause = new IllegalStateException("cause");
        Worker<ChannelResult<String>> second = Worker.startParked(threads, "selector",
                () -> Select.select(withCause.onReceiveCatching(r -> r)));
        withCause.close(cause);
        assertSame(cause, second.value().exceptionOrNull());
        Registrations.assertNoneLeft(plain, withCause);
    }

    @Test
    void onReceiveCatchingOfAClosedChannelGetsTheClosedResultAtOnce() throws InterruptedException {
        Channel<String> ch = Channel.rendezvous();
        ch.close();
        ChannelResult<String> r = Select.select(ch.onReceiveCatching(res -> res));
        assertTrue(r.isClosed());
        assertNull(r.exceptionOrNull());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onReceiveCatchingReceivesEveryElementInOrder(ThreadKind threads) throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Worker<List<Integer>> selector = Worker.start(threads, "selector", () -> {
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                got.add(Select.select(ch.onReceiveCatching(ChannelResult::getOrThrow)));
            }
            return got;
        });
        for (int i = 0; i < 10; i++) {
            ch.send(i);
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), selector.value());
    }

    /** A sender already waiting when the channel is closed keeps its place; a select send after the close fails. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onSendOfAClosedChannelThrowsWhileAnEarlierSenderStillDelivers(ThreadKind threads) throws Exception {
        ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = Channel.<Integer>builder().onUndeliveredElement(undelivered::add).build();
        Worker<Void> earlier = Worker.run(threads, "sender", () -> ch.send(1)).awaitParked();
        ch.close();
        assertThrows(ClosedSendChannelException.class, () -> Select.select(ch.onSend(2, () -> "sent")));
        assertEquals(List.of(2), List.copyOf(undelivered), "the select's element went to onUndeliveredElement");
        assertEquals(1, ch.receive());
        earlier.value();
    }

    /**
     * The choice is final before the block runs: while the chosen receive's block is still running, closing the
     * channel of the other clause changes nothing (Kotlin's testSelectAtomicFailure).
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closingTheOtherChannelWhileTheBlockRunsDoesNotFailTheSelect(ThreadKind threads) throws Exception {
        Channel<Integer> c1 = Channel.rendezvous();
        Channel<Integer> c2 = Channel.rendezvous();
        CountDownLatch inBlock = new CountDownLatch(1);
        CountDownLatch c2Closed = new CountDownLatch(1);
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(
                c1.onReceive(v -> {
                    inBlock.countDown();
                    ThreadDump.await(c2Closed);
                    return "OK " + v;
                }),
                c2.onReceive(v -> "FAIL")));
        c1.send(42);
        ThreadDump.await(inBlock);
        c2.close();
        c2Closed.countDown();
        assertEquals("OK 42", selector.value());
        Registrations.assertNoneLeft(c1, c2);
    }

    /** A thousand polling selects on each side leave the channel as they found it (Kotlin's resource clean-up). */
    @Test
    void pollingSelectsLeaveNothingBehind() throws InterruptedException {
        Channel<Integer> ch = Channel.rendezvous();
        for (int i = 0; i < 1000; i++) {
            int round = i;
            assertEquals(round, Select.select(ch.onSend(round, () -> -1), Select.onDefault(() -> round)));
            assertEquals(round, Select.select(ch.onReceive(v -> -1), Select.onDefault(() -> round)));
        }
        Registrations.assertNoneLeft(ch);
        assertFalse(ch.trySend(0).isSuccess() || ch.tryReceive().isSuccess(), "no waiter of either side is left");
    }
}
