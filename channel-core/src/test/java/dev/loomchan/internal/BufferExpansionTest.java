package dev.loomchan.internal;

import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * White-box interleavings of buffer expansion that random testing reaches only rarely. Each test drives the engine's
 * steps by hand from one thread (taking a receiver's cell, then processing it later) and checks the accounting that
 * {@code waitExpandBufferCompletion} relies on: once the channel is quiet, the buffer end is at least
 * {@code receivers + capacity}, so every cancelled receiver's cell is covered by a finished expansion.
 */
@Timeout(30)
class BufferExpansionTest {

    /**
     * A receiver has taken cell 1 but not reached it when the expansion triggered by cell 0's receive meets the
     * sender waiting in cell 1: the expansion wraps the sender in a WaiterEB and counts the cell as part of the
     * buffer, leaving the step to cell 1's receiver should that sender fail. Here the sender gives up (interrupt)
     * before its receiver arrives; the receiver then finds INTERRUPTED_SEND and retries elsewhere. Someone must
     * still make the expansion step the WaiterEB stood for, or the buffer end falls one cell behind for good.
     */
    @Test
    void senderThatGivesUpInAWaiterEBCellRedoesTheDelegatedExpansion() throws Exception {
        BufferedChannel<Integer> ch = new BufferedChannel<>(1, null, null);
        for (int round = 0; round < 3; round++) {
            delegatedExpansionAbandonedBySender(ch, round);
            assertEquals(ch.receiversCounter() + 1, ch.bufferEndCounter(),
                    "round " + round + ": the buffer end fell behind the receivers\n" + ch.debugString());
        }
        // With the accounting right, a receiver that waits and times out is released at once.
        assertNull(ch.receive(Duration.ofMillis(5)));
        assertEquals(ch.receiversCounter() + 1, ch.bufferEndCounter(), ch.debugString());
    }

    /** One pass of the scenario above; the channel is empty and quiet before and after. */
    private static void delegatedExpansionAbandonedBySender(BufferedChannel<Integer> ch, int round)
            throws InterruptedException {
        assertSame(BufferedChannel.DONE, ch.sendImpl(-1, CellState.INTERRUPTED_SEND), "the first element is buffered");
        AtomicReference<Throwable> senderOutcome = new AtomicReference<>();
        Thread sender = Thread.ofPlatform().name("sender-" + round).start(() -> {
            try {
                ch.send(round);
            } catch (Throwable t) {
                senderOutcome.set(t);
            }
        });
        Threads.awaitBlocked(sender);

        long first = ch.gaiReceivers();           // the receiver of the buffered element takes its cell...
        long second = ch.gaiReceivers();          // ...and so does the next receiver, before the first one works
        ChannelSegment segment = segmentOf(ch, first);

        Object received = ch.updateCellReceive(segment, cellIndex(first), first, BufferedChannel.WAIT);
        assertEquals(-1, received);
        assertInstanceOf(WaiterEB.class, segment.getState(cellIndex(second)),
                "the expansion must have delegated its step to the second cell's receiver");

        sender.interrupt();
        sender.join();
        assertInstanceOf(InterruptedException.class, senderOutcome.get());

        ChannelSegment secondSegment = segmentOf(ch, second);
        assertSame(CellState.INTERRUPTED_SEND, secondSegment.getState(cellIndex(second)));
        Object failed = ch.updateCellReceive(secondSegment, cellIndex(second), second, BufferedChannel.WAIT);
        assertSame(BufferedChannel.FAILED, failed, "the second receiver finds the abandoned cell and moves on");
    }

    private static ChannelSegment segmentOf(BufferedChannel<?> ch, long cell) {
        ChannelSegment s = ch.lvReceiveSegment();
        while (s.id < cell / BufferedChannel.SEGMENT_SIZE) {
            s = s.findOrAppend(cell / BufferedChannel.SEGMENT_SIZE);
        }
        return s;
    }

    private static int cellIndex(long cell) {
        return (int) (cell % BufferedChannel.SEGMENT_SIZE);
    }
}
