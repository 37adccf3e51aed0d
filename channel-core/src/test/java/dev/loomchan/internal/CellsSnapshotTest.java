package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.SelectClause;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The structured cell dump shows buffered elements, waiting threads with their side and state, and changes nothing. */
class CellsSnapshotTest {

    @Test
    void bufferedElementsAndAWaitingSender() throws Exception {
        Channel<String> ch = Channel.buffered(2);
        ch.send("a");
        ch.send("b");
        Thread sender = Thread.ofVirtual().name("snap-sender").start(() -> {
            try {
                ch.send("c");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CellsSnapshot snap = awaitCells(ch, s -> s.segments().get(0).cells().size() == 3
                && "PARKED".equals(waiterState(s, 2)));
        List<CellsSnapshot.Cell> cells = snap.segments().get(0).cells();
        assertEquals("BUFFERED", cells.get(0).state());
        assertEquals("a", cells.get(0).element());
        assertEquals("b", cells.get(1).element());
        CellsSnapshot.Cell waiting = cells.get(2);
        assertEquals(2, waiting.index());
        assertEquals("SENDER_READY", waiting.state());
        assertEquals("c", waiting.element());
        assertEquals("thread", waiting.waiter().kind());
        assertEquals("sender", waiting.waiter().side());
        assertEquals("snap-sender(virtual)", waiting.waiter().thread());
        assertEquals(3, snap.senders());
        assertEquals(0, snap.receivers());
        assertEquals(0, snap.sendSegment());
        assertTrue(snap.summary().startsWith("buffered(2)"));
        assertFalse(snap.truncated());

        assertEquals("a", ch.receive());
        sender.join(5_000);
        ChannelStatistics stats = ch.statistics();
        assertEquals(3, stats.sent());
        assertEquals(1, stats.received());
        assertEquals(2, stats.size());
    }

    @Test
    void aWaitingReceiverOfARendezvous() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Thread receiver = Thread.ofPlatform().name("snap-receiver").start(() -> {
            try {
                ch.receive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CellsSnapshot snap = awaitCells(ch, s -> "PARKED".equals(waiterState(s, 0)));
        CellsSnapshot.Cell cell = snap.segments().get(0).cells().get(0);
        assertEquals("RECEIVER_READY", cell.state());
        assertNull(cell.element());
        assertEquals("receiver", cell.waiter().side());
        assertEquals("snap-receiver", cell.waiter().thread());
        assertEquals(-1, snap.bufferEnd());
        assertEquals(-1, snap.bufferEndSegment());
        receiver.interrupt();
        receiver.join(5_000);
        CellsSnapshot after = CellsSnapshot.of(ch);
        assertEquals("INTERRUPTED_RECEIVE", after.segments().get(0).cells().get(0).state());
        assertNull(after.segments().get(0).cells().get(0).waiter());
    }

    @Test
    void longElementsAreCutAndThrowingToStringIsShown() throws InterruptedException {
        Channel<Object> ch = Channel.buffered(4);
        ch.send("x".repeat(500));
        ch.send(new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        });
        List<CellsSnapshot.Cell> cells = CellsSnapshot.of(ch).segments().get(0).cells();
        assertEquals(CellsSnapshot.MAX_ELEMENT_CHARS + 3, cells.get(0).element().length());
        assertTrue(cells.get(1).element().contains("threw java.lang.IllegalStateException: no text"),
                cells.get(1).element());
    }

    @Test
    void cellsOfManySegmentsAreListedInOrder() throws InterruptedException {
        Channel<Integer> ch = Channel.unlimited();
        int n = BufferedChannel.SEGMENT_SIZE * 3;
        for (int i = 0; i < n; i++) ch.send(i);
        CellsSnapshot snap = CellsSnapshot.of(ch);
        long expected = 0;
        for (CellsSnapshot.SegmentCells s : snap.segments()) {
            for (CellsSnapshot.Cell c : s.cells()) {
                assertEquals(expected, c.index());
                assertEquals(String.valueOf(expected), c.element());
                expected++;
            }
        }
        assertEquals(n, expected);
        assertEquals(snap.segments().size() - 1, snap.sendSegment());
    }

    @Test
    void aForeignChannelIsRefusedByClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellsSnapshot.of(new Foreign()));
        assertTrue(e.getMessage().contains(Foreign.class.getName()), e.getMessage());
    }

    private static String waiterState(CellsSnapshot s, int cell) {
        for (CellsSnapshot.SegmentCells seg : s.segments()) {
            for (CellsSnapshot.Cell c : seg.cells()) {
                if (c.index() == cell && c.waiter() != null) return c.waiter().state();
            }
        }
        return null;
    }

    private static CellsSnapshot awaitCells(Channel<?> ch, java.util.function.Predicate<CellsSnapshot> ready) {
        CellsSnapshot[] last = new CellsSnapshot[1];
        Threads.awaitUntil(() -> "cells never became ready: " + last[0], () -> {
            last[0] = CellsSnapshot.of(ch);
            return !last[0].segments().isEmpty() && ready.test(last[0]);
        }, Duration.ofSeconds(10));
        return last[0];
    }

    /** A Channel that is not the engine's. */
    private static final class Foreign implements Channel<Object> {
        private final Channel<Object> d = Channel.rendezvous();
        public void send(Object e) throws InterruptedException { d.send(e); }
        public boolean send(Object e, Duration t) throws InterruptedException { return d.send(e, t); }
        public ChannelResult<Void> trySend(Object e) { return d.trySend(e); }
        public <R> SelectClause<R> onSend(Object e, Supplier<? extends R> b) { return d.onSend(e, b); }
        public boolean close(Throwable c) { return d.close(c); }
        public boolean isClosedForSend() { return d.isClosedForSend(); }
        public void invokeOnClose(Consumer<? super Throwable> h) { d.invokeOnClose(h); }
        public Object receive() throws InterruptedException { return d.receive(); }
        public Object receive(Duration t) throws InterruptedException { return d.receive(t); }
        public ChannelResult<Object> receiveCatching() throws InterruptedException { return d.receiveCatching(); }
        public ChannelResult<Object> tryReceive() { return d.tryReceive(); }
        public ChannelIterator<Object> iterator() { return d.iterator(); }
        public <R> SelectClause<R> onReceive(Function<? super Object, ? extends R> b) { return d.onReceive(b); }
        public <R> SelectClause<R> onReceiveCatching(Function<? super ChannelResult<Object>, ? extends R> b) {
            return d.onReceiveCatching(b);
        }
        public boolean isClosedForReceive() { return d.isClosedForReceive(); }
        public boolean isEmpty() { return d.isEmpty(); }
        public void cancel(Throwable c) { d.cancel(c); }
        public ChannelStatistics statistics() { return d.statistics(); }
        public String debugString() { return d.debugString(); }
    }
}
