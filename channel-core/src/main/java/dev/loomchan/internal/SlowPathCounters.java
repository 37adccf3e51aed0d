package dev.loomchan.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters touched only on the slow paths of a channel: parking, cancellation, cells that carried no element, drops
 * and undelivered elements. With the global senders and receivers counters they give a channel's statistics
 * ({@link StatisticsReader}), and nothing is written on the fast paths to keep them. {@link LongAdder}s, because
 * several of these paths are concurrent (a cancellation storm, receivers poisoning cells under contention) and a
 * snapshot is rare.
 *
 * <p>Every cell a sender's counter passes ends in exactly one of: an element that entered the channel, a failed or
 * skipped cell, or a published waiter (then claimed, abandoned, or still waiting). The receivers' side is the same.
 * That is what lets S and R be turned into counts of elements; docs/algorithm.md section 9 has the table.
 */
final class SlowPathCounters {
    /** Sender waiters published in a cell: blocking sends about to park, and select onSend registrations. */
    final LongAdder sendSuspensions = new LongAdder();
    /** Receiver waiters published in a cell: blocking receives about to park, and select receive registrations. */
    final LongAdder receiveSuspensions = new LongAdder();
    /** Published sender waiters whose element the channel took: by a receiver, a buffer expansion or cancel. */
    final LongAdder sendWaitersClaimed = new LongAdder();
    /** Published receiver waiters that were handed an element by a sender. */
    final LongAdder receiveWaitersServed = new LongAdder();
    /** Published sender waiters whose cell ended without their element: cancelled, withdrawn or refused. */
    final LongAdder sendWaitersAbandoned = new LongAdder();
    /** Published receiver waiters whose cell ended without an element: cancelled, withdrawn, refused or closed. */
    final LongAdder receiveWaitersAbandoned = new LongAdder();
    /** Waiting sends cancelled by interrupt or time-out. */
    final LongAdder cancelledSenders = new LongAdder();
    /** Waiting receives cancelled by interrupt or time-out. */
    final LongAdder cancelledReceivers = new LongAdder();
    /**
     * Sender cells that carried no element: poisoned or cancelled cells, a closed channel, a failed trySend, a cell in
     * a segment that was removed.
     */
    final LongAdder failedSendCells = new LongAdder();
    /**
     * Receiver cells that yielded no element: poisoned, interrupted or closed cells, a failed tryReceive, a cell in a
     * segment that was removed.
     */
    final LongAdder failedReceiveCells = new LongAdder();
    /** Cells the senders counter jumped over, no sender taking them (their segment was removed). */
    final LongAdder skippedSendCells = new LongAdder();
    /** Cells the receivers counter jumped over, no receiver taking them (removed segments, isEmpty skipping). */
    final LongAdder skippedReceiveCells = new LongAdder();
    /** Elements a DROP_OLDEST policy removed from the buffer (conflated channels included); they moved R. */
    final LongAdder droppedOldest = new LongAdder();
    /** Elements a DROP_LATEST policy discarded instead of buffering them; they never entered a cell. */
    final LongAdder droppedLatest = new LongAdder();
    /** Buffered elements and waiting senders' elements removed by cancel. */
    final LongAdder cancelledElements = new LongAdder();
    /**
     * Elements a batch receive took from their cells but could not add to the caller's collection, which threw: they
     * went to onUndeliveredElement. Taken by a receive (R moved past them), yet not received.
     */
    final LongAdder refusedBySink = new LongAdder();
    /** Elements handed to onUndeliveredElement (whether or not a handler is installed). */
    final LongAdder undelivered = new LongAdder();
}
