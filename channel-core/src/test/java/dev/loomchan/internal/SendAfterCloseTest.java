package dev.loomchan.internal;

import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sender whose fetch-and-add reads the close status must fail, whatever it finds in its cell: the close is
 * linearized at the CAS that set the status, and a thread that saw {@code isClosedForSend()} return true may send next.
 * Between that CAS and the close's sweep over the cells, such a sender could meet a cell that a buffer expansion
 * marked {@code IN_BUFFER}, or a receiver waiting there, and would buffer its element or hand it over if it looked at
 * the cell first. It does not: reading the status, it helps finish the close, whose sweep starts at the sender's own
 * cell, before it looks. These tests stop a close between its CAS and its sweep by setting the status bits by hand.
 */
@Timeout(30)
class SendAfterCloseTest {

    /** The close status CLOSED in the senders word (see BufferedChannel's close status bits). */
    private static final long CLOSED_BITS = 2L << 60;

    @Test
    void aSenderThatSawTheCloseDoesNotBufferIntoAnExpandedCell() {
        List<String> undelivered = new CopyOnWriteArrayList<>();
        BufferedChannel<String> ch = new BufferedChannel<>(1, undelivered::add, null);
        ChannelSegment segment = ch.lvSendSegment();
        assertTrue(segment.casState(0, null, CellState.IN_BUFFER), "a buffer expansion marked cell 0");
        assertTrue(ch.casSendersAndCloseStatus(0L, CLOSED_BITS), "a close set its status, and has not swept yet");
        assertTrue(ch.isClosedForSend());

        assertThrows(ClosedSendChannelException.class, () -> ch.send("late"));
        assertEquals(List.of("late"), undelivered, "the refused element went to onUndeliveredElement");
        assertTrue(ch.tryReceive().isClosed(), "nothing was buffered\n" + ch.debugString());
    }

    @Test
    void aSenderThatSawTheCloseDoesNotHandItsElementToAWaitingReceiver() throws Exception {
        List<String> undelivered = new CopyOnWriteArrayList<>();
        BufferedChannel<String> ch = new BufferedChannel<>(0, undelivered::add, null);
        CompletableFuture<Object> received = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                received.complete(ch.receive());
            } catch (Throwable e) {
                received.complete(e);
            }
        });
        Threads.awaitParked(receiver);
        assertTrue(ch.casSendersAndCloseStatus(0L, CLOSED_BITS), "a close set its status, and has not swept yet");
        assertTrue(ch.isClosedForSend());

        assertThrows(ClosedSendChannelException.class, () -> ch.send("late"));
        assertEquals(List.of("late"), undelivered);
        assertInstanceOf(ClosedReceiveChannelException.class, received.get(10, TimeUnit.SECONDS),
                "the waiting receiver learns of the close instead of getting an element sent after it");
        receiver.join();
    }
}
