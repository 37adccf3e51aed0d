package dev.loomchan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A segment of {@link BufferedChannel#SEGMENT_SIZE} cells. Each cell has two slots in one array, the element at
 * {@code 2i} and the state at {@code 2i + 1} (see {@link CellState}), so that a cell's two words usually share a
 * cache line and a segment is a single allocation besides its header.
 *
 * <p>Memory ordering: a sender stores its element with a release store <em>before</em> the CAS that publishes the
 * cell's new state, and a receiver reads the element only after reading a state that says it is there, so the
 * element needs no stronger access. States are read with volatile reads and changed by CAS, or by volatile stores
 * where only one thread can be changing the cell (a resumer leaving its RESUMING_* state, for example). Elements are
 * cleared with release stores as soon as they are taken, so a segment never keeps a received element alive.
 */
final class ChannelSegment extends Segment<ChannelSegment> {
    final BufferedChannel<?> channel;
    private final Object[] cells;

    ChannelSegment(long id, ChannelSegment prev, BufferedChannel<?> channel, int pointers) {
        super(id, prev, pointers);
        this.channel = channel;
        this.cells = new Object[2 * BufferedChannel.SEGMENT_SIZE];
    }

    @Override
    int slots() {
        return BufferedChannel.SEGMENT_SIZE;
    }

    @Override
    ChannelSegment newNext() {
        return new ChannelSegment(id + 1, this, channel, 0);
    }

    /** The global index of cell {@code i}. */
    long globalIndex(int i) {
        return id * BufferedChannel.SEGMENT_SIZE + i;
    }

    // ---- element slot ----

    void storeElement(int i, Object element) {
        CELLS.setRelease(cells, 2 * i, element);
    }

    Object getElement(int i) {
        return CELLS.getAcquire(cells, 2 * i);
    }

    /** Reads and clears the element of cell {@code i}. */
    Object retrieveElement(int i) {
        Object e = getElement(i);
        cleanElement(i);
        return e;
    }

    void cleanElement(int i) {
        CELLS.setRelease(cells, 2 * i, null);
    }

    // ---- state slot ----

    Object getState(int i) {
        return CELLS.getVolatile(cells, 2 * i + 1);
    }

    void setState(int i, Object state) {
        CELLS.setVolatile(cells, 2 * i + 1, state);
    }

    boolean casState(int i, Object expected, Object update) {
        return CELLS.compareAndSet(cells, 2 * i + 1, expected, update);
    }

    Object getAndSetState(int i, Object update) {
        return CELLS.getAndSet(cells, 2 * i + 1, update);
    }

    // ---- cancellation ----

    /**
     * Called by the owner of a waiter published in cell {@code i} after it gave that waiter up (interrupt, time-out,
     * or a select that chose another clause): marks the cell interrupted and counts it as cleaned. If the waiter's
     * resumer had already found it cancelled, the resumer did the marking and counting; if close or cancel sealed
     * the cell, they did. A sender's
     * element is dropped from the cell; the sender still holds it and decides what becomes of it.
     */
    void onWaiterCancelled(int i, boolean sender) {
        for (;;) {
            Object cur = getState(i);
            if (cur instanceof CellWaiter || cur instanceof WaiterEB) {
                if (casState(i, cur, sender ? CellState.INTERRUPTED_SEND : CellState.INTERRUPTED_RECEIVE)) {
                    (sender ? channel.counters.sendWaitersAbandoned : channel.counters.receiveWaitersAbandoned)
                            .increment();
                    cleanElement(i);
                    onCancelledRequest(i, !sender);
                    if (sender && cur instanceof WaiterEB) {
                        // An expansion counted this cell as buffer and left its step to the cell's receiver, which
                        // would have redone it had it found the sender gone. It will now find INTERRUPTED_SEND and
                        // move on without expanding, so the step is redone here, or the buffer end would stay one
                        // cell behind for good (and a cancelled receiver's waitExpandBufferCompletion could spin
                        // for ever). Kotlin's onCancellation misses this case.
                        channel.expandBuffer();
                    }
                    return;
                }
            } else if (cur == CellState.INTERRUPTED_SEND || cur == CellState.INTERRUPTED_RECEIVE) {
                cleanElement(i);
                return;
            } else if (cur == CellState.RESUMING_BY_EB || cur == CellState.RESUMING_BY_RCV) {
                Thread.onSpinWait(); // the resumer will find the waiter cancelled and mark the cell at once
            } else {
                return; // CLOSED: close or cancel cleaned the cell (MATCHED or BUFFERED: the waiter was claimed)
            }
        }
    }

    /**
     * Counts a cell whose request was cancelled as cleaned. For a receiver's cell, first waits until buffer expansion
     * has passed it, because expandBuffer cannot tell a removed cell's former contents (Kotlin's
     * {@code onCancelledRequest}).
     */
    void onCancelledRequest(int i, boolean receiver) {
        if (receiver) {
            channel.waitExpandBufferCompletion(globalIndex(i));
        }
        onSlotCleaned();
    }

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(Object[].class);
}
