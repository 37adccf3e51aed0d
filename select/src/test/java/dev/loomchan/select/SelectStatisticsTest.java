package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static dev.loomchan.reliability.Threads.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Channel statistics count a select's clauses registered in a channel as waiting operations, and their end: the
 * chosen clause moved an element, the withdrawn ones moved nothing and wait no more.
 */
@Timeout(60)
class SelectStatisticsTest {

    @Test
    void aWaitingSelectIsCountedInEveryChannelItWaitsOnAndOnlyTheChosenOneReceives() throws Exception {
        Channel<String> chosen = Channel.rendezvous();
        Channel<String> withdrawn = Channel.buffered(2);
        AtomicReference<String> got = new AtomicReference<>();
        Thread selector = Thread.ofVirtual().start(() -> {
            try {
                got.set(Select.select(chosen.onReceive(s -> s), withdrawn.onReceive(s -> s)));
            } catch (InterruptedException e) {
                fail(e);
            }
        });
        awaitUntil("the select is counted as a waiting receiver on both channels",
                () -> chosen.statistics().waitingReceivers() == 1 && withdrawn.statistics().waitingReceivers() == 1);
        chosen.send("x");
        selector.join();
        assertEquals("x", got.get());
        assertReceiveSide(chosen.statistics(), 1, 1);
        assertReceiveSide(withdrawn.statistics(), 0, 1);
        withdrawn.send("later"); // the withdrawn clause's cell is dead: the element is buffered for the next receiver
        assertEquals(1, withdrawn.statistics().size());
    }

    @Test
    void aSelectOnSendIsAWaitingSenderUntilChosenThenItsElementIsSent() throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Thread selector = Thread.ofVirtual().start(() -> {
            try {
                Select.select(ch.onSend("e", () -> "sent"), Select.onTimeout(Duration.ofSeconds(30), () -> "late"));
            } catch (InterruptedException e) {
                fail(e);
            }
        });
        awaitUntil("the select is counted as a waiting sender", () -> ch.statistics().waitingSenders() == 1);
        assertEquals(0, ch.statistics().sent());
        assertEquals("e", ch.receive());
        selector.join();
        ChannelStatistics s = ch.statistics();
        assertEquals(1, s.sent());
        assertEquals(1, s.received());
        assertEquals(0, s.waitingSenders());
        assertEquals(1, s.sendSuspensions());
        assertEquals(0, s.cancelledSenders()); // a select's clause is withdrawn, not cancelled
    }

    @Test
    void aSelectOnSendThatTimesOutSendsNothing() throws InterruptedException {
        Channel<String> ch = Channel.rendezvous();
        assertEquals("late", Select.select(ch.onSend("e", () -> "sent"),
                Select.onTimeout(Duration.ofMillis(5), () -> "late")));
        ChannelStatistics s = ch.statistics();
        assertEquals(0, s.sent());
        assertEquals(0, s.waitingSenders());
        assertEquals(0, s.undelivered());
    }

    private static void assertReceiveSide(ChannelStatistics s, long received, long suspensions) {
        assertEquals(received, s.received(), s::toString);
        assertEquals(suspensions, s.receiveSuspensions(), s::toString);
        assertEquals(0, s.waitingReceivers(), s::toString);
    }
}
