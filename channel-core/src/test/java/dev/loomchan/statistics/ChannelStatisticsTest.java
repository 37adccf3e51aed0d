package dev.loomchan.statistics;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.ChannelStatistics.State;
import dev.loomchan.ClosedSendChannelException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static dev.loomchan.reliability.Threads.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What each figure of {@link Channel#statistics()} counts, one situation at a time, on a quiescent channel. */
class ChannelStatisticsTest {

    @Test
    void aNewChannelCountsNothingAndDescribesItself() {
        ChannelStatistics s = Channel.<String>builder().capacity(16).name("jobs").build().statistics();
        assertEquals(new ChannelStatistics("jobs", "buffered(16)", 16, State.OPEN,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), s);
    }

    @Test
    void kindAndCapacityOfEveryFactory() {
        assertKind(Channel.rendezvous(), "rendezvous", 0);
        assertKind(Channel.buffered(3), "buffered(3)", 3);
        assertKind(Channel.unlimited(), "unlimited", Channel.UNLIMITED);
        assertKind(Channel.conflated(), "conflated", 1);
        assertKind(Channel.create(4, BufferOverflow.DROP_LATEST), "buffered(4, DROP_LATEST)", 4);
        assertNull(Channel.rendezvous().statistics().name());
    }

    private static void assertKind(Channel<?> ch, String kind, int capacity) {
        assertEquals(kind, ch.statistics().kind());
        assertEquals(capacity, ch.statistics().capacity());
    }

    @Test
    void bufferedSendsAndReceivesGiveSentReceivedAndSize() throws InterruptedException {
        Channel<Integer> ch = Channel.buffered(8);
        for (int i = 0; i < 5; i++) {
            ch.send(i);
        }
        ch.receive();
        ch.tryReceive();
        ChannelStatistics s = ch.statistics();
        assertEquals(5, s.sent());
        assertEquals(2, s.received());
        assertEquals(3, s.size());
        assertEquals(0, s.sendSuspensions());
    }

    @Test
    void aFailedTrySendKeepsItsElementAndIsNotSent() {
        Channel<Integer> ch = Channel.buffered(1);
        assertTrue(ch.trySend(1).isSuccess());
        assertTrue(ch.trySend(2).isFailure());
        assertTrue(Channel.<Integer>rendezvous().trySend(3).isFailure());
        assertTrue(ch.tryReceive().isSuccess());
        assertTrue(ch.tryReceive().isFailure());
        ChannelStatistics s = ch.statistics();
        assertEquals(1, s.sent());
        assertEquals(1, s.received());
        assertEquals(0, s.size());
        assertEquals(0, s.undelivered());
    }

    @Test
    void aParkedSenderIsWaitingNotSentUntilAReceiverTakesItsElement() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Thread sender = Thread.ofVirtual().start(() -> sendQuietly(ch, 7));
        awaitUntil("one waiting sender is counted", () -> ch.statistics().waitingSenders() == 1);
        ChannelStatistics waiting = ch.statistics();
        assertEquals(0, waiting.sent());
        assertEquals(1, waiting.sendSuspensions());
        assertEquals(0, waiting.size());
        assertEquals(7, ch.receive());
        sender.join();
        ChannelStatistics done = ch.statistics();
        assertEquals(1, done.sent());
        assertEquals(1, done.received());
        assertEquals(0, done.waitingSenders());
    }

    @Test
    void aSenderParkedOnAFullBufferEntersTheBufferWhenAReceiverMakesRoom() throws Exception {
        Channel<Integer> ch = Channel.buffered(1);
        ch.send(1);
        Thread sender = Thread.ofVirtual().start(() -> sendQuietly(ch, 2));
        awaitUntil("one waiting sender is counted", () -> ch.statistics().waitingSenders() == 1);
        assertEquals(1, ch.statistics().size());
        assertEquals(1, ch.receive());
        sender.join();
        ChannelStatistics s = ch.statistics();
        assertEquals(2, s.sent());
        assertEquals(1, s.received());
        assertEquals(1, s.size());
        assertEquals(0, s.waitingSenders());
    }

    @Test
    void aParkedReceiverIsWaitingUntilServed() throws Exception {
        Channel<Integer> ch = Channel.buffered(4);
        List<Integer> got = new ArrayList<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                got.add(ch.receive());
            } catch (InterruptedException e) {
                fail(e);
            }
        });
        awaitUntil("one waiting receiver is counted", () -> ch.statistics().waitingReceivers() == 1);
        assertEquals(1, ch.statistics().receiveSuspensions());
        ch.send(9);
        receiver.join();
        ChannelStatistics s = ch.statistics();
        assertEquals(List.of(9), got);
        assertEquals(1, s.sent());
        assertEquals(1, s.received());
        assertEquals(0, s.waitingReceivers());
        assertEquals(0, s.size());
    }

    @Test
    void timedOutOperationsAreSuspensionsAndCancellationsButMoveNoElement() throws InterruptedException {
        Channel<Integer> ch = Channel.rendezvous();
        assertFalse(ch.send(1, Duration.ofMillis(5)));
        assertNull(ch.receive(Duration.ofMillis(5)));
        ChannelStatistics s = ch.statistics();
        assertEquals(1, s.sendSuspensions());
        assertEquals(1, s.cancelledSenders());
        assertEquals(1, s.receiveSuspensions());
        assertEquals(1, s.cancelledReceivers());
        assertEquals(0, s.sent());
        assertEquals(0, s.received());
        assertEquals(0, s.undelivered());
        assertEquals(0, s.waitingSenders());
        assertEquals(0, s.waitingReceivers());
    }

    @Test
    void anInterruptedSendHandsItsElementOverAndCountsAsSentAndUndelivered() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Thread sender = Thread.ofVirtual().start(() -> {
            assertThrows(InterruptedException.class, () -> ch.send(5));
        });
        awaitUntil("one waiting sender is counted", () -> ch.statistics().waitingSenders() == 1);
        sender.interrupt();
        sender.join();
        ChannelStatistics s = ch.statistics();
        assertEquals(1, s.cancelledSenders());
        assertEquals(1, s.sent());
        assertEquals(1, s.undelivered());
        assertEquals(0, s.waitingSenders());
        assertEquals(s.sent(), s.received() + s.undelivered() + s.size());
    }

    @Test
    void closeKeepsTheBufferAndASendAfterItIsUndelivered() throws InterruptedException {
        Channel<Integer> ch = Channel.buffered(4);
        ch.send(1);
        ch.send(2);
        ch.close();
        assertThrows(ClosedSendChannelException.class, () -> ch.send(3));
        assertTrue(ch.trySend(4).isClosed()); // the element stays the caller's
        ChannelStatistics s = ch.statistics();
        assertEquals(State.CLOSED, s.state());
        assertEquals(3, s.sent());
        assertEquals(1, s.undelivered());
        assertEquals(2, s.size());
        ch.receive();
        ch.receive();
        assertTrue(ch.receiveCatching().isClosed());
        assertEquals(0, ch.statistics().size());
        assertEquals(2, ch.statistics().received());
    }

    @Test
    void cancelEmptiesTheBufferIntoUndeliveredAndReleasesWaitingSenders() throws Exception {
        Channel<Integer> ch = Channel.buffered(2);
        ch.send(1);
        ch.send(2);
        Thread sender = Thread.ofVirtual().start(() -> assertThrows(CancellationException.class, () -> ch.send(3)));
        awaitUntil("one waiting sender is counted", () -> ch.statistics().waitingSenders() == 1);
        ch.cancel();
        sender.join();
        ChannelStatistics s = ch.statistics();
        assertEquals(State.CANCELLED, s.state());
        assertEquals(3, s.sent());
        assertEquals(3, s.undelivered());
        assertEquals(0, s.size());
        assertEquals(0, s.waitingSenders());
    }

    @Test
    void closeWakesWaitingReceiversWithoutCountingThemReceived() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Thread receiver = Thread.ofVirtual().start(() -> assertTrue(receiveCatchingQuietly(ch)));
        awaitUntil("one waiting receiver is counted", () -> ch.statistics().waitingReceivers() == 1);
        ch.close();
        receiver.join();
        ChannelStatistics s = ch.statistics();
        assertEquals(0, s.waitingReceivers());
        assertEquals(0, s.received());
        assertEquals(0, s.cancelledReceivers());
    }

    @Test
    void dropOldestAndDropLatestCountDropsAsUndeliveredToo() {
        Channel<Integer> oldest = Channel.create(2, BufferOverflow.DROP_OLDEST);
        Channel<Integer> latest = Channel.create(2, BufferOverflow.DROP_LATEST);
        Channel<Integer> conflated = Channel.conflated();
        for (int i = 0; i < 5; i++) {
            oldest.trySend(i);
            latest.trySend(i);
            conflated.trySend(i);
        }
        for (Channel<Integer> ch : List.of(oldest, latest, conflated)) {
            ChannelStatistics s = ch.statistics();
            assertEquals(5, s.sent(), s::toString);
            assertEquals(s.capacity(), s.size(), s::toString);
            assertEquals(5 - s.capacity(), s.dropped(), s::toString);
            assertEquals(s.dropped(), s.undelivered(), s::toString);
            assertEquals(0, s.received(), s::toString);
        }
        assertEquals(3, oldest.tryReceive().getOrThrow());
        assertEquals(0, latest.tryReceive().getOrThrow());
        assertEquals(4, conflated.tryReceive().getOrThrow());
    }

    @Test
    void isEmptyStepsOverTheCellOfATimedOutSenderWithoutCountingAReceive() throws InterruptedException {
        Channel<Integer> ch = Channel.rendezvous();
        assertFalse(ch.send(1, Duration.ofMillis(5))); // leaves a dead cell that no receiver has reached
        assertTrue(ch.isEmpty()); // moves the receivers counter past it
        ChannelStatistics s = ch.statistics();
        assertEquals(0, s.sent());
        assertEquals(0, s.received());
        assertEquals(0, s.size());
        assertEquals(0, s.waitingSenders());
    }

    private static void sendQuietly(Channel<Integer> ch, int e) {
        try {
            ch.send(e);
        } catch (InterruptedException ex) {
            fail(ex);
        }
    }

    private static boolean receiveCatchingQuietly(Channel<Integer> ch) {
        try {
            return ch.receiveCatching().isClosed();
        } catch (InterruptedException ex) {
            fail(ex);
            return false;
        }
    }
}
