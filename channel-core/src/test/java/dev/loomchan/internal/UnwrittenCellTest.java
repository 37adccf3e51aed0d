package dev.loomchan.internal;

import dev.loomchan.ChannelResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver whose cell a sender has taken (S is past it) but not written yet. The receiver waits a little for the
 * write before it breaks the cell, and never waits without bound; whichever way the write races the receiver, the
 * element ends on exactly one side. (What the wait saves, cells broken in vain, shows in the Rendezvous benchmark
 * and the failed-cell counters; docs/algorithm.md, "Poisoning".) The sender's side is played by hand, at the cell
 * level: a fetch-and-add on S, then, or never, the write a sender makes when it finds its receiver already past it
 * (store the element, CAS the empty cell to BUFFERED).
 */
@Timeout(60)
class UnwrittenCellTest {

    @Test
    void aSenderThatNeverWritesHasItsCellBrokenAndTheReceiverMovesOn() {
        BufferedChannel<Integer> ch = new BufferedChannel<>(0, null, null);
        ch.gaiSendersAndCloseStatus(); // the sender of cell 0 took it and was descheduled for good
        ChannelSegment segment = ch.lvReceiveSegment();

        ChannelResult<Integer> result = ch.tryReceive();

        assertTrue(result.isFailure() && !result.isClosed(), result::toString);
        assertSame(CellState.POISONED, segment.getState(0), ch::debugString);
        // The late sender finds its cell broken: its element stays its own, to send in another cell.
        assertTrue(!segment.casState(0, null, CellState.BUFFERED));
    }

    @Test
    void aWriteRacingTheReceiversWaitEitherHandsTheElementOverOrFindsTheCellBroken() throws InterruptedException {
        // The writer writes as the receiver starts: the write lands before the receiver's first look, during its
        // wait, or after it broke the cell. Each way, exactly one side ends up with the element.
        for (int attempt = 0; attempt < 200; attempt++) {
            BufferedChannel<Integer> ch = new BufferedChannel<>(0, null, null);
            ch.gaiSendersAndCloseStatus();
            ChannelSegment segment = ch.lvReceiveSegment();
            AtomicBoolean receiving = new AtomicBoolean();
            AtomicBoolean senderKeptIt = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                while (!receiving.get()) {
                    Thread.onSpinWait();
                }
                segment.storeElement(0, 42);
                if (!segment.casState(0, null, CellState.BUFFERED)) {
                    segment.storeElement(0, null); // broken meanwhile: the element stays the sender's
                    senderKeptIt.set(true);
                }
            });
            receiving.set(true);
            ChannelResult<Integer> result = ch.tryReceive();
            writer.join();
            if (result.isSuccess()) {
                assertEquals(42, result.getOrNull());
                assertTrue(!senderKeptIt.get(), "attempt " + attempt + ": the element was both taken and kept");
            } else {
                assertTrue(senderKeptIt.get(), "attempt " + attempt + ": the element was lost\n" + ch.debugString());
                assertSame(CellState.POISONED, segment.getState(0), ch::debugString);
            }
        }
    }
}
