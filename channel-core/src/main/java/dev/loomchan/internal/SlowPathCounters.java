package dev.loomchan.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters touched only on the slow paths of a channel: parking, cancellation, cells that carried no element, drops
 * and undelivered elements. With the global senders and receivers counters they give a channel's statistics, and
 * nothing is written on the fast paths to keep them. {@link LongAdder}s, because several of these paths are
 * concurrent (a cancellation storm, receivers poisoning cells under contention) and a snapshot is rare.
 */
final class SlowPathCounters {
    /** Sends that published a waiter and parked (or spun). */
    final LongAdder sendSuspensions = new LongAdder();
    /** Receives that published a waiter and parked (or spun). */
    final LongAdder receiveSuspensions = new LongAdder();
    /** Waiting sends cancelled by interrupt or time-out. */
    final LongAdder cancelledSenders = new LongAdder();
    /** Waiting receives cancelled by interrupt or time-out. */
    final LongAdder cancelledReceivers = new LongAdder();
    /** Sender cells that carried no element: poisoned or cancelled cells, a closed channel, a failed trySend. */
    final LongAdder failedSendCells = new LongAdder();
    /** Receiver cells that yielded no element: poisoned, interrupted or closed cells, a failed tryReceive. */
    final LongAdder failedReceiveCells = new LongAdder();
    /** Elements dropped by a DROP_OLDEST or DROP_LATEST policy (conflated channels included). */
    final LongAdder dropped = new LongAdder();
    /** Buffered elements and waiting senders' elements removed by cancel. */
    final LongAdder cancelledElements = new LongAdder();
    /** Elements handed to onUndeliveredElement (whether or not a handler is installed). */
    final LongAdder undelivered = new LongAdder();
}
