package dev.loomchan.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Text views of a channel for diagnostics and tests: the one-line summary of {@code toString()}, the cell-by-cell dump
 * of {@code debugString()}, and the reachable segments. None of them is atomic: they read a channel that may be
 * changing, and never change it.
 */
final class ChannelDump {
    static final int MAX_SEGMENTS_DUMPED = 64;

    private ChannelDump() {
    }

    static String summary(BufferedChannel<?> ch) {
        StringBuilder sb = new StringBuilder(ch.kind()).append('[');
        if (ch.name != null) {
            sb.append("name=").append(ch.name).append(", ");
        }
        sb.append(ch.closeState())
                .append(", senders=").append(ch.sendersCounter())
                .append(", receivers=").append(ch.receiversCounter());
        long b = ch.bufferEndCounter();
        if (b != 0L && b != Long.MAX_VALUE) {
            sb.append(", bufferEnd=").append(b);
        }
        Throwable cause = ch.closeCause();
        if (cause != null) {
            sb.append(", cause=").append(cause);
        }
        return sb.append(']').toString();
    }

    static String dump(BufferedChannel<?> ch) {
        StringBuilder sb = new StringBuilder(summary(ch)).append('\n');
        ChannelSegment send = ch.lvSendSegment();
        ChannelSegment receive = ch.lvReceiveSegment();
        ChannelSegment bufferEnd = ch.lvBufferEndSegment();
        sb.append("  pointers: send=#").append(send.id).append(" receive=#").append(receive.id);
        if (bufferEnd != null) {
            sb.append(" bufferEnd=#").append(bufferEnd.id);
        }
        sb.append('\n');
        ChannelSegment first = earliest(ch);
        int n = 0;
        for (ChannelSegment s = first; s != null; s = s.next()) {
            if (++n > MAX_SEGMENTS_DUMPED) {
                sb.append("  ... more segments\n");
                break;
            }
            sb.append("  segment #").append(s.id)
                    .append(" cleaned=").append(s.cleanedSlots()).append('/').append(s.slots())
                    .append(s.isRemoved() ? " removed" : "").append('\n');
            for (int i = 0; i < s.slots(); i++) {
                Object state = s.getState(i);
                Object element = s.getElement(i);
                if (state == null && element == null) {
                    continue; // untouched cells are left out
                }
                sb.append("    [").append(s.globalIndex(i)).append("] ").append(state == null ? "EMPTY" : stateName(state));
                if (element != null) {
                    sb.append(" element=").append(element);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String stateName(Object state) {
        if (state instanceof CellWaiter w) {
            return "WAITER " + w;
        }
        return state.toString();
    }

    /** The segment with the smallest id among those the pointers reach, walking back through prev links. */
    static ChannelSegment earliest(BufferedChannel<?> ch) {
        ChannelSegment best = null;
        for (ChannelSegment p : pointers(ch)) {
            ChannelSegment s = p;
            for (ChannelSegment before = s.prev(); before != null; before = s.prev()) {
                s = before; // read each link once: cleanPrev() may clear it concurrently
            }
            if (best == null || s.id < best.id) {
                best = s;
            }
        }
        return best;
    }

    private static List<ChannelSegment> pointers(BufferedChannel<?> ch) {
        List<ChannelSegment> list = new ArrayList<>(3);
        list.add(ch.lvSendSegment());
        list.add(ch.lvReceiveSegment());
        ChannelSegment b = ch.lvBufferEndSegment();
        if (b != null) {
            list.add(b);
        }
        return list;
    }

    /** Every segment reachable from the channel's pointers through next and prev links. */
    static Set<ChannelSegment> reachableSegments(BufferedChannel<?> ch) {
        Set<ChannelSegment> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ChannelSegment> work = new ArrayList<>(pointers(ch));
        while (!work.isEmpty()) {
            ChannelSegment s = work.remove(work.size() - 1);
            if (s == null || !seen.add(s)) {
                continue;
            }
            work.add(s.prev());
            work.add(s.next());
        }
        return seen;
    }
}
