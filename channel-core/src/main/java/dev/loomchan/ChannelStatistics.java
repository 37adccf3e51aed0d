package dev.loomchan;

/**
 * A snapshot of one channel's counts, from {@link Channel#statistics()}. It is derived from the counters the channel
 * keeps anyway (the cell counters of senders and receivers) and from counters only its slow paths touch (parking,
 * cancellation, closing, dropping), so keeping it costs the uncontended send and receive nothing.
 *
 * <h2>Exactness</h2>
 * The snapshot is not atomic: its figures are read one after the other while the channel may be changing.
 * <ul>
 *   <li>When the channel is <em>quiescent</em> (no operation is running; operations parked in the channel are fine,
 *   and are counted as waiting) every figure is exact, and
 *   {@code sent == received + undelivered + size} holds.</li>
 *   <li>While operations run, {@link #sent} and {@link #received} count the operations in progress as if they had
 *   succeeded (a send or receive has taken its cell before it knows its outcome), so they may run ahead of the truth
 *   by at most the number of operations in progress, and a later snapshot may show a smaller figure by as much.
 *   {@link #size} is then an estimate, clamped to {@code [0, capacity]}: never negative, never above the capacity.
 *   {@link #waitingSenders} and {@link #waitingReceivers} are clamped at 0.</li>
 *   <li>The other counts only grow, and each is exact for the events that completed before it was read.</li>
 * </ul>
 *
 * @param name               the name given by {@link Channel.Builder#name(String)}, or null
 * @param kind               what the channel is, as its {@code toString()} shows: {@code rendezvous},
 *                           {@code buffered(16)}, {@code unlimited}, {@code conflated}, {@code buffered(8, DROP_LATEST)}
 * @param capacity           the buffer size: 0 for rendezvous, 1 for conflated, {@link Channel#UNLIMITED} for unlimited
 * @param state              open, closed or cancelled (a cancel in progress counts as cancelled)
 * @param sent               elements whose ownership passed to the channel: every send, {@code trySend} or
 *                           {@code onSend} that succeeded (DROP_LATEST discards included, they report success), plus
 *                           every send that failed after handing its element to {@code onUndeliveredElement} (an
 *                           interrupted send, a send on a closed channel). A send that timed out or a {@code trySend}
 *                           that failed kept its element and is not counted; nor is a sender still waiting
 * @param received           elements taken by receive operations ({@code receive}, {@code tryReceive},
 *                           {@code onReceive}, iterators); elements dropped by DROP_OLDEST are not received
 * @param sendSuspensions    sends that had to wait: blocking sends that published a waiter, and select
 *                           {@code onSend} clauses registered in this channel
 * @param receiveSuspensions receives that had to wait: blocking receives that published a waiter, and select
 *                           receive clauses registered in this channel
 * @param cancelledSenders   blocking sends that gave up waiting, interrupted or timed out
 * @param cancelledReceivers blocking receives that gave up waiting, interrupted or timed out
 * @param undelivered        elements handed to {@code onUndeliveredElement}, whether or not a handler is set:
 *                           removed by cancel, dropped by the overflow policy, of interrupted sends and of sends that
 *                           found the channel closed
 * @param dropped            elements dropped by a DROP_OLDEST or DROP_LATEST policy (conflated channels included);
 *                           they are part of {@code undelivered} too
 * @param waitingSenders     senders waiting now: blocking sends parked in the channel and registered select
 *                           {@code onSend} clauses
 * @param waitingReceivers   receivers waiting now: blocking receives parked in the channel and registered select
 *                           receive clauses
 * @param size               elements in the buffer now; elements of waiting senders are not counted
 */
public record ChannelStatistics(
        String name,
        String kind,
        int capacity,
        State state,
        long sent,
        long received,
        long sendSuspensions,
        long receiveSuspensions,
        long cancelledSenders,
        long cancelledReceivers,
        long undelivered,
        long dropped,
        long waitingSenders,
        long waitingReceivers,
        long size) {

    /** The close state of a channel. */
    public enum State {
        /** Accepts sends. */
        OPEN,
        /** Closed by {@code close}: refuses sends; receivers may still drain the buffer. */
        CLOSED,
        /** Cancelled by {@code cancel}: closed, and its buffer was handed to {@code onUndeliveredElement}. */
        CANCELLED
    }
}
