package dev.loomchan;

import java.time.Duration;
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
