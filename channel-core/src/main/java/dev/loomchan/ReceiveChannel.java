package dev.loomchan;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * The receiving side of a {@link Channel}. All methods are thread-safe; blocking methods park the calling thread,
 * virtual or platform, and are interruptible.
 *
 * @param <E> the element type
 */
public interface ReceiveChannel<E> {

    /**
     * Receives an element, waiting while the channel is empty.
     *
     * <p>If the thread is interrupted while waiting, the receive is cancelled: it took no element and throws
     * {@link InterruptedException}. If an element had already been handed to it when the interrupt arrived, it
     * returns that element with the interrupt flag set again: nothing is lost. The interrupt flag is only looked at
     * when the call would wait.
     *
     * @throws ClosedReceiveChannelException if the channel is closed and empty (carrying the close cause, if any)
     * @throws java.util.concurrent.CancellationException if the channel was cancelled
     * @throws InterruptedException if interrupted while waiting
     */
    E receive() throws InterruptedException;

    /**
     * Receives an element, waiting at most {@code timeout}. A zero or negative timeout does not wait.
     *
     * @return the element, or {@code null} if the time-out elapsed first
     * @throws ClosedReceiveChannelException if the channel is closed and empty
     * @throws java.util.concurrent.CancellationException if the channel was cancelled
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    E receive(Duration timeout) throws InterruptedException;

    /**
     * Like {@link #receive()}, but reports a closed channel as a {@linkplain ChannelResult#isClosed() closed} result
     * carrying the close cause instead of throwing.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    ChannelResult<E> receiveCatching() throws InterruptedException;

    /**
     * Receives an element only if one is available now. Never blocks.
     *
     * @return success with the element, failure (nothing available now) or closed (with the close cause)
     */
    ChannelResult<E> tryReceive();

    /**
     * Moves up to {@code maxElements} elements that can be received now into {@code sink}, in channel order, without
     * waiting; the batch form of {@link #tryReceive()}, as {@link java.util.concurrent.BlockingQueue#drainTo} is of
     * {@code poll}. A channel of loomchan's engine takes a run of ready cells with one update of its receivers
     * counter instead of one per element, so a consumer that can take elements in batches pays the channel's shared
     * counters once per batch.
     *
     * <p>Stops early, without an exception, when nothing more is ready now or the channel is closed for receiving (a
     * closed channel is drained of what it still holds first; a cancelled one holds nothing), as {@link #tryReceive()}
     * reports those cases instead of throwing. If {@code sink.add} throws, the element it refused and
     * every element already taken for this call but not yet added go to {@code onUndeliveredElement}, and the
     * exception is rethrown: nothing is lost. (This default loops over {@link #tryReceive()} and does not have that
     * handler; every channel of this library overrides it.)
     *
     * @return the number of elements added to {@code sink}; 0 if {@code maxElements} is 0 or negative
     * @throws NullPointerException if {@code sink} is null
     */
    default int drainTo(Collection<? super E> sink, int maxElements) {
        Objects.requireNonNull(sink, "sink");
        int taken = 0;
        while (taken < maxElements) {
            ChannelResult<E> result = tryReceive();
            if (!result.isSuccess()) {
                break;
            }
            sink.add(result.getOrThrow());
            taken++;
        }
        return taken;
    }

    /**
     * Waits until at least one element can be received, then moves it and up to {@code maxElements - 1} more that are
     * ready into {@code sink}; the batch form of {@link #receive()}. Interruption, close and cancellation behave as in
     * {@link #receive()} for the first element; the rest are taken as {@link #drainTo} takes them.
     *
     * @return the number of elements added to {@code sink}, at least 1
     * @throws IllegalArgumentException if {@code maxElements} is less than 1
     * @throws NullPointerException if {@code sink} is null
     * @throws ClosedReceiveChannelException if the channel is closed and empty
     * @throws java.util.concurrent.CancellationException if the channel was cancelled
     * @throws InterruptedException if interrupted while waiting for the first element
     */
    default int receiveMany(Collection<? super E> sink, int maxElements) throws InterruptedException {
        Objects.requireNonNull(sink, "sink");
        if (maxElements < 1) {
            throw new IllegalArgumentException("maxElements must be at least 1, was " + maxElements);
        }
        int taken = drainTo(sink, maxElements);
        if (taken > 0) {
            return taken;
        }
        sink.add(receive());
        return 1 + drainTo(sink, maxElements - 1);
    }

    /**
     * True when the channel was closed and every element sent before the close has been received, or when it was
     * cancelled.
     */
    boolean isClosedForReceive();

    /** True when there is nothing to receive now and the channel is not closed for receiving. */
    boolean isEmpty();

    /**
     * Cancels the channel: closes it, drops every buffered element (each goes to {@code onUndeliveredElement}), wakes
     * every waiting sender and receiver with {@link java.util.concurrent.CancellationException}, and makes every later
     * operation throw it. Idempotent.
     */
    default void cancel() {
        cancel(null);
    }

    /** {@link #cancel()} with a cause, attached to the {@code CancellationException}s thrown from now on. */
    void cancel(Throwable cause);

    /** An iterator receiving elements until the channel is closed. */
    ChannelIterator<E> iterator();

    /**
     * A select clause that receives an element and passes it to {@code block}; the select returns the block's value.
     * If the select chooses another clause, this one took no element. If the channel is closed when the select
     * chooses this clause, the select throws {@link ClosedReceiveChannelException} (or
     * {@link java.util.concurrent.CancellationException} if it was cancelled).
     */
    <R> SelectClause<R> onReceive(Function<? super E, ? extends R> block);

    /** Like {@link #onReceive}, but a closed channel reaches {@code block} as a closed result instead of throwing. */
    <R> SelectClause<R> onReceiveCatching(Function<? super ChannelResult<E>, ? extends R> block);
}
