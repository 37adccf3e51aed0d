package dev.loomchan.internal;

import dev.loomchan.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A structured, read-only view of a channel's live segments, cell by cell: what {@code debugString()} prints, as data,
 * for monitors (the chanmon module's {@code /api/channels/{name}/cells}). Taking it only reads the channel, with the
 * same volatile and acquire reads the engine uses, and never changes a cell, a pointer or a waiter, so it may run at
 * any time; it is not atomic, and a cell read late may already be in a later state than its neighbours.
 *
 * <p>Cells nobody has touched (empty state, no element) are left out, as in the text dump; at most
 * {@link ChannelDump#MAX_SEGMENTS_DUMPED} segments are listed ({@link #truncated} says whether more were reachable).
 *
 * @param summary          the channel's {@code toString()}
 * @param senders          the senders counter (cells taken by senders so far)
 * @param receivers        the receivers counter
 * @param bufferEnd        the buffer-end counter; -1 for rendezvous and unlimited channels, which do not keep one
 * @param sendSegment      the id of the segment the send pointer is at
 * @param receiveSegment   the id of the segment the receive pointer is at
 * @param bufferEndSegment the id of the segment the buffer-end pointer is at, or -1
 * @param segments         the segments reachable from the pointers, oldest first
 * @param truncated        true if more segments were reachable than listed
 */
public record CellsSnapshot(String summary, long senders, long receivers, long bufferEnd, long sendSegment,
                            long receiveSegment, long bufferEndSegment, List<SegmentCells> segments,
                            boolean truncated) {
    /** Element texts longer than this are cut, so that a huge element does not make a huge dump. */
    public static final int MAX_ELEMENT_CHARS = 120;

    /**
     * One segment.
     *
     * @param id      the segment id; its cells have global indexes {@code id * slots ... id * slots + slots - 1}
     * @param slots   cells per segment
     * @param cleaned cells in a final state that counts as cleaned (interrupted or closed)
     * @param removed the segment is logically removed (all its cells cleaned and no pointer on it)
     * @param cells   the cells somebody has touched, in index order
     */
    public record SegmentCells(long id, int slots, int cleaned, boolean removed, List<Cell> cells) {
    }

    /**
     * One cell.
     *
     * @param index   the global cell index
     * @param state   the cell state's name ({@code EMPTY}, {@code IN_BUFFER}, {@code BUFFERED}, {@code SENDER_READY},
     *                {@code RECEIVER_READY}, {@code RESUMING_BY_RCV}, {@code MATCHED}, ...; see the engine's
     *                {@code CellState})
     * @param element the element's {@code toString()}, cut to {@link #MAX_ELEMENT_CHARS}, or null for none
     * @param waiter  the party waiting in the cell, or null
     */
    public record Cell(long index, String state, String element, WaiterInfo waiter) {
    }

    /**
     * A party waiting in a cell.
     *
     * @param kind                    {@code thread} (a blocked send or receive) or {@code select} (a select clause)
     * @param side                    {@code sender} or {@code receiver}: a waiting sender leaves its element in the
     *                                cell, a receiver does not
     * @param state                   for a thread: {@code ENQUEUED}, {@code NAPPING}, {@code PARKED},
     *                                {@code CANCELLED} or {@code CLAIMED}; for a select: the select's own state
     * @param thread                  the waiting thread's name (with {@code (virtual)}), or null for a select
     * @param passedByBufferExpansion the buffer expansion has already included the cell in the buffer (the engine's
     *                                {@code WaiterEB})
     */
    public record WaiterInfo(String kind, String side, String state, String thread, boolean passedByBufferExpansion) {
    }

    /**
     * Takes the snapshot of {@code channel}.
     *
     * @throws IllegalArgumentException if the channel is not one of loomchan's own engine channels (a wrapper such as
     *                                  a zero-copy channel registers the engine channel it wraps, which is)
     */
    public static CellsSnapshot of(Channel<?> channel) {
        Objects.requireNonNull(channel, "channel");
        if (!(channel instanceof BufferedChannel<?> ch)) {
            throw new IllegalArgumentException("not a loomchan engine channel, no cells to show: "
                    + channel.getClass().getName());
        }
        ChannelSegment send = ch.lvSendSegment();
        ChannelSegment receive = ch.lvReceiveSegment();
        ChannelSegment bufferEnd = ch.lvBufferEndSegment();
        long b = ch.bufferEndCounter();
        List<SegmentCells> segments = new ArrayList<>();
        boolean truncated = false;
        for (ChannelSegment s = ChannelDump.earliest(ch); s != null; s = s.next()) {
            if (segments.size() == ChannelDump.MAX_SEGMENTS_DUMPED) {
                truncated = true;
                break;
            }
            segments.add(segment(s));
        }
        return new CellsSnapshot(ch.toString(), ch.sendersCounter(), ch.receiversCounter(),
                ch.capacity == 0 || ch.capacity == Channel.UNLIMITED ? -1 : b,
                send.id, receive.id, bufferEnd == null ? -1 : bufferEnd.id, List.copyOf(segments), truncated);
    }

    private static SegmentCells segment(ChannelSegment s) {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < s.slots(); i++) {
            Object state = s.getState(i);
            Object element = s.getElement(i);
            if (state == null && element == null) {
                continue;
            }
            cells.add(cell(s.globalIndex(i), state, element));
        }
        return new SegmentCells(s.id, s.slots(), s.cleanedSlots(), s.isRemoved(), List.copyOf(cells));
    }

    private static Cell cell(long index, Object state, Object element) {
        boolean eb = state instanceof WaiterEB;
        Object w = eb ? ((WaiterEB) state).waiter : state;
        if (w instanceof CellWaiter waiter) {
            String side = element != null ? "sender" : "receiver";
            WaiterInfo info;
            if (waiter instanceof Waiter t) {
                Thread owner = t.owner();
                info = new WaiterInfo("thread", side, t.stateName(),
                        owner.getName() + (owner.isVirtual() ? "(virtual)" : ""), eb);
            } else if (waiter instanceof SelectRegistration r) {
                info = new WaiterInfo("select", side, "clause " + r.clause + " of " + r.select, null, eb);
            } else {
                info = new WaiterInfo(waiter.getClass().getSimpleName(), side, waiter.toString(), null, eb);
            }
            return new Cell(index, side.equals("sender") ? "SENDER_READY" : "RECEIVER_READY", describe(element), info);
        }
        return new Cell(index, state == null ? "EMPTY" : state.toString(), describe(element), null);
    }

    /** The element's text, cut; a throwing {@code toString()} is shown, not thrown. */
    private static String describe(Object element) {
        if (element == null) {
            return null;
        }
        String text;
        try {
            text = String.valueOf(element);
        } catch (RuntimeException e) {
            text = "<" + element.getClass().getName() + ".toString() threw " + e + ">";
        }
        return text.length() <= MAX_ELEMENT_CHARS ? text : text.substring(0, MAX_ELEMENT_CHARS) + "...";
    }
}
