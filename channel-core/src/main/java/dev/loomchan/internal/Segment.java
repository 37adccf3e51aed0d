package dev.loomchan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A node of the channel's segment list: a lock-free, singly-appended, doubly-linked list that removes the nodes
 * whose slots are all cleaned, so that cancelled waiters leave no garbage behind.
 *
 * <h2>Appending</h2>
 * Nodes are only ever appended at the tail, by CAS on {@code next} from null, as in the Michael-Scott queue; a
 * failed CAS means another thread appended the same id, which is then used. Ids are consecutive, so a node with a
 * given id is created at most once.
 *
 * <h2>Removal</h2>
 * A node counts in {@code cleanedAndPointers} the slots that reached a final state (low 16 bits) and the channel
 * pointers ({@code sendSegment}, {@code receiveSegment}, {@code bufferEndSegment}) that reference it (high bits).
 * When every slot is cleaned and no pointer references it, the node is logically removed, and {@link #remove()}
 * splices it out: it links its nearest alive neighbours to each other, retrying while a neighbour it used was removed
 * concurrently. The tail is never removed (appending depends on it), and a pointer may only move to a node that is
 * not removed ({@link #tryIncPointers()} fails on a removed node). Unlinked nodes can still be reached from a thread
 * that holds them; the list only guarantees that they become unreachable from the channel.
 *
 * <h2>Closing</h2>
 * Closing the channel CASes the tail's {@code next} from null to a marker, so that no node can be appended after it;
 * operations that need a later node learn that the channel is closed.
 *
 * <p>Memory ordering: {@code next} and {@code cleanedAndPointers} are volatile and changed by CAS; {@code prev} is
 * volatile, and cleared with a release store ({@link #cleanPrev()}) when the nodes before are no longer needed, so
 * that the garbage collector can take them.
 */
abstract class Segment<S extends Segment<S>> {
    private static final Object CLOSED_LIST = new CellState.Marker("CLOSED_LIST");
    private static final int POINTERS_SHIFT = 16;

    /** Position of this node in the list: cells {@code id * size .. id * size + size - 1}. */
    final long id;
    volatile Object next; // S, or CLOSED_LIST once the list is closed (package-private: read through S)
    volatile S prev;
    private volatile int cleanedAndPointers;

    Segment(long id, S prev, int pointers) {
        this.id = id;
        this.prev = prev;
        this.cleanedAndPointers = pointers << POINTERS_SHIFT;
    }

    /** Number of slots that must be cleaned for the node to be removable. */
    abstract int slots();

    /** Creates the node that follows this one. */
    abstract S newNext();

    /** The next node, or null at the tail (also when the list is closed). */
    @SuppressWarnings("unchecked")
    final S next() {
        Object n = next;
        return n == CLOSED_LIST ? null : (S) n;
    }

    final S prev() {
        return prev;
    }

    final boolean isTail() {
        return next() == null;
    }

    /** Forgets the previous nodes: they are no longer needed by anyone who comes here. */
    final void cleanPrev() {
        PREV.setRelease(this, null);
    }

    final boolean isRemoved() {
        return cleanedAndPointers == slots() && !isTail();
    }

    /** Registers one more pointer to this node, unless it is removed. */
    final boolean tryIncPointers() {
        for (;;) {
            int cur = cleanedAndPointers;
            if (cur == slots() && !isTail()) {
                return false;
            }
            if (CLEANED_AND_POINTERS.compareAndSet(this, cur, cur + (1 << POINTERS_SHIFT))) {
                return true;
            }
        }
    }

    /** Unregisters a pointer; true if the node became removable. */
    final boolean decPointers() {
        int now = (int) CLEANED_AND_POINTERS.getAndAdd(this, -(1 << POINTERS_SHIFT)) - (1 << POINTERS_SHIFT);
        return now == slots() && !isTail();
    }

    /** Counts one more slot as cleaned, removing the node when it was the last. */
    final void onSlotCleaned() {
        int now = (int) CLEANED_AND_POINTERS.getAndAdd(this, 1) + 1;
        if (now == slots()) {
            remove();
        }
    }

    /** Number of cleaned slots, for dumps. */
    final int cleanedSlots() {
        return cleanedAndPointers & ((1 << POINTERS_SHIFT) - 1);
    }

    /** Splices this logically removed node out of the list. */
    final void remove() {
        if (isTail()) {
            return;
        }
        for (;;) {
            S left = aliveLeft();
            S right = aliveRight();
            // right.prev = left, unless right already forgot its predecessors
            for (;;) {
                S p = right.prev;
                if (p == null || PREV.compareAndSet(right, p, left)) {
                    break;
                }
            }
            if (left != null) {
                left.next = right;
            }
            if (right.isRemoved() && !right.isTail()) {
                continue;
            }
            if (left != null && left.isRemoved()) {
                continue;
            }
            return;
        }
    }

    private S aliveLeft() {
        S cur = prev;
        while (cur != null && cur.isRemoved()) {
            cur = cur.prev;
        }
        return cur;
    }

    private S aliveRight() {
        S cur = next();
        while (cur.isRemoved()) {
            S n = cur.next();
            if (n == null) {
                return cur;
            }
            cur = n;
        }
        return cur;
    }

    /**
     * Finds the node with {@code id} starting from this one, appending nodes as needed; skips removed nodes, so the
     * result may have a larger id. Returns null if the list was closed before reaching it.
     */
    @SuppressWarnings("unchecked")
    final S findOrAppend(long wanted) {
        S cur = (S) this;
        while (cur.id < wanted || cur.isRemoved()) {
            Object n = cur.next;
            if (n == CLOSED_LIST) {
                return null;
            }
            if (n != null) {
                cur = (S) n;
                continue;
            }
            S newTail = cur.newNext();
            if (NEXT.compareAndSet(cur, null, newTail)) {
                if (cur.isRemoved()) {
                    cur.remove(); // it may have been waiting to stop being the tail
                }
                cur = newTail;
            }
        }
        return cur;
    }

    /** Closes the list at its current tail, which is returned. */
    @SuppressWarnings("unchecked")
    final S closeList() {
        S cur = (S) this;
        for (;;) {
            Object n = cur.next;
            if (n == CLOSED_LIST) {
                return cur;
            }
            if (n == null) {
                if (NEXT.compareAndSet(cur, null, CLOSED_LIST)) {
                    return cur;
                }
            } else {
                cur = (S) n;
            }
        }
    }

    private static final VarHandle NEXT;
    private static final VarHandle PREV;
    private static final VarHandle CLEANED_AND_POINTERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(Segment.class, "next", Object.class);
            PREV = l.findVarHandle(Segment.class, "prev", Segment.class);
            CLEANED_AND_POINTERS = l.findVarHandle(Segment.class, "cleanedAndPointers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
