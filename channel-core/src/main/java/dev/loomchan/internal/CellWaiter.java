package dev.loomchan.internal;

/**
 * A party waiting in a cell: a thread blocked in a send or receive ({@link Waiter}) or one clause of a select
 * ({@link SelectRegistration}). The engine sees only this: it publishes a waiter in a cell by CAS, and the one thread
 * the cell designates (the partner, buffer expansion, close or cancel) calls {@link #resume}. The owner withdraws a
 * waiter it gave up on through {@link ChannelSegment#onWaiterCancelled}.
 */
public abstract class CellWaiter {
    /** The waiter took the value: the operation completed. */
    static final int RESUMED = 0;
    /** The waiter had given up (or, for a select, chose another clause): the cell is dead. */
    static final int FAILED = 1;
    /**
     * A select still registering its clauses refused the value; it will register this clause again elsewhere. The
     * cell is dead, and a sender's element must be taken out of it, since the select keeps offering it.
     */
    static final int REREGISTER = 2;

    /** The cell the waiter was published in; written and read by the owner only. */
    ChannelSegment segment;
    int index;

    /** Records where the waiter sits, for its withdrawal. Called by the owner after publishing it. */
    final void placedIn(ChannelSegment segment, int index) {
        this.segment = segment;
        this.index = index;
    }

    /** Offers {@code value} (an element, {@link Waiter#DONE} or {@link Waiter#CHANNEL_CLOSED}); never blocks. */
    abstract int resume(Object value);
}
