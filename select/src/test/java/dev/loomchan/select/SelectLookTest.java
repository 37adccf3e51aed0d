package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ChannelStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A select of two clauses or more looks at them in order before it registers any: the first that can complete at once
 * is chosen, and the channels of the others are left as if the select had never been there (no registration, no
 * cancelled cell, no undelivered element).
 */
@Timeout(60)
class SelectLookTest {

    @Test
    void aReadyLaterClauseLeavesNoRegistrationInAnIdleEarlierChannel() throws InterruptedException {
        Channel<String> idle = Channel.buffered(1);
        Channel<String> ready = Channel.buffered(1);
        ready.send("r");
        assertEquals("r", Select.select(idle.onReceive(s -> s), ready.onReceive(s -> s)));
        assertNoWaiterEver(idle.statistics());
        idle.send("i"); // the idle channel's first cell is still good: the element is buffered there
        assertEquals("i", idle.tryReceive().getOrNull());
    }

    @Test
    void aReadyLaterSendLeavesTheEarlierSendsElementWithTheSelect() throws InterruptedException {
        List<String> undelivered = new CopyOnWriteArrayList<>();
        Channel<String> idle = Channel.<String>builder().onUndeliveredElement(undelivered::add).build();
        Channel<String> ready = Channel.buffered(1);
        assertEquals("sent to ready",
                Select.select(idle.onSend("a", () -> "sent to idle"), ready.onSend("b", () -> "sent to ready")));
        assertEquals("b", ready.tryReceive().getOrNull());
        assertNoWaiterEver(idle.statistics());
        assertEquals(0, idle.statistics().sent());
        assertTrue(undelivered.isEmpty(), undelivered::toString);
    }

    @Test
    void aSelectWithADefaultClauseRegistersNothingWhenNothingIsReady() throws InterruptedException {
        Channel<String> in = Channel.rendezvous();
        Channel<String> out = Channel.rendezvous();
        for (int i = 0; i < 100; i++) {
            assertEquals("default", Select.select(in.onReceive(s -> s), out.onSend("x", () -> "sent"),
                    Select.onDefault(() -> "default")));
        }
        assertNoWaiterEver(in.statistics());
        assertNoWaiterEver(out.statistics());
    }

    @Test
    void theLookKeepsTheClauseOrderWhenSeveralAreReady() throws InterruptedException {
        Channel<String> first = Channel.buffered(1);
        Channel<String> second = Channel.buffered(1);
        first.send("1");
        second.send("2");
        assertEquals("1", Select.select(first.onReceive(s -> s), second.onReceive(s -> s)));
        assertEquals("2", Select.select(first.onReceive(s -> s), second.onReceive(s -> s)));
    }

    @Test
    void aClosedEarlierChannelIsReadyAtOnceAheadOfALaterElement() throws InterruptedException {
        Channel<String> closed = Channel.rendezvous();
        closed.close();
        Channel<String> ready = Channel.buffered(1);
        ready.send("r");
        ChannelResult<String> result = Select.select(closed.onReceiveCatching(r -> r),
                ready.onReceiveCatching(r -> r));
        assertTrue(result.isClosed(), result::toString);
        assertEquals("r", ready.tryReceive().getOrNull()); // untouched
    }

    @Test
    void aZeroTimeOutBetweenIdleClausesIsTakenInItsPlace() throws InterruptedException {
        Channel<String> idle = Channel.rendezvous();
        Channel<String> readyAfter = Channel.buffered(1);
        readyAfter.send("late");
        assertEquals("timeout", Select.select(idle.onReceive(s -> s),
                Select.onTimeout(Duration.ZERO, () -> "timeout"), readyAfter.onReceive(s -> s)));
        assertNoWaiterEver(idle.statistics());
        assertEquals("late", readyAfter.tryReceive().getOrNull());
    }

    private static void assertNoWaiterEver(ChannelStatistics s) {
        assertEquals(0, s.sendSuspensions(), s::toString);
        assertEquals(0, s.receiveSuspensions(), s::toString);
        assertEquals(0, s.waitingSenders(), s::toString);
        assertEquals(0, s.waitingReceivers(), s::toString);
    }
}
