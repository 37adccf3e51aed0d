package dev.loomchan.internal;

import dev.loomchan.ChannelStatistics;

/**
 * Turns a channel's cell counters and slow-path counters into a {@link ChannelStatistics} snapshot.
 *
 * <p>Every cell the senders counter S passes ends as exactly one of: an element that entered the channel, a failed
 * cell, a skipped cell, or a published waiter (later claimed, abandoned, or still waiting); so the elements that
 * entered are {@code S - failed - skipped - suspensions + claimed}. The receivers counter R likewise gives the
 * elements taken, from which the elements DROP_OLDEST took out, and those a batch receive's collection refused, are
 * subtracted. docs/algorithm.md section 9 derives
 * each figure. The slow-path counters are read first and S and R last, the resolutions of waiters before their
 * publications, so that the waiting counts are not driven below zero by a waiter resolved between two reads.
 */
final class StatisticsReader {
    private StatisticsReader() {
    }

    static ChannelStatistics read(BufferedChannel<?> ch) {
        SlowPathCounters c = ch.counters;
        ChannelStatistics.State state = state(ch);
        long cancelledSenders = c.cancelledSenders.sum();
        long cancelledReceivers = c.cancelledReceivers.sum();
        long undelivered = c.undelivered.sum();
        long droppedOldest = c.droppedOldest.sum();
        long droppedLatest = c.droppedLatest.sum();
        long cancelledElements = c.cancelledElements.sum();
        long refusedBySink = c.refusedBySink.sum();
        long sendResolved = c.sendWaitersClaimed.sum() + c.sendWaitersAbandoned.sum();
        long receiveResolved = c.receiveWaitersServed.sum() + c.receiveWaitersAbandoned.sum();
        long claimed = c.sendWaitersClaimed.sum();
        long served = c.receiveWaitersServed.sum();
        long senderCellsWithoutElement = c.failedSendCells.sum() + c.skippedSendCells.sum();
        long receiverCellsWithoutElement = c.failedReceiveCells.sum() + c.skippedReceiveCells.sum();
        long sendSuspensions = c.sendSuspensions.sum();
        long receiveSuspensions = c.receiveSuspensions.sum();
        long senders = ch.sendersCounter();
        long receivers = ch.receiversCounter();

        // Elements that entered a cell: buffered, handed to a receiver, or taken from a waiting sender.
        long entered = senders - senderCellsWithoutElement - sendSuspensions + claimed;
        // Elements handed to onUndeliveredElement without ever entering: closed and interrupted sends, DROP_LATEST.
        long refusedAtSend = undelivered - droppedOldest - cancelledElements - refusedBySink;
        long sent = Math.max(0L, entered + refusedAtSend);
        long received = Math.max(0L, receivers - receiverCellsWithoutElement - receiveSuspensions + served
                - droppedOldest - refusedBySink);
        long size = clamp(sent - received - undelivered, ch.capacity);
        return new ChannelStatistics(ch.name, ch.kind(), ch.capacity, state, sent, received,
                sendSuspensions, receiveSuspensions, cancelledSenders, cancelledReceivers,
                undelivered, droppedOldest + droppedLatest,
                Math.max(0L, sendSuspensions - sendResolved), Math.max(0L, receiveSuspensions - receiveResolved),
                size);
    }

    private static long clamp(long size, int capacity) {
        return Math.max(0L, Math.min(size, capacity));
    }

    private static ChannelStatistics.State state(BufferedChannel<?> ch) {
        return switch (ch.closeState()) {
            case "open" -> ChannelStatistics.State.OPEN;
            case "closed" -> ChannelStatistics.State.CLOSED;
            default -> ChannelStatistics.State.CANCELLED;
        };
    }
}
