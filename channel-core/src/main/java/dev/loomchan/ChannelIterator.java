package dev.loomchan;

import java.util.NoSuchElementException;

/**
 * Iterates over the elements received from a channel until it is closed. Not thread-safe: one iterator per
 * consuming thread.
 *
 * <pre>{@code
 * for (ChannelIterator<Job> it = jobs.iterator(); it.hasNext(); ) {
 *     process(it.next());
 * }
 * }</pre>
 */
public interface ChannelIterator<E> {
    /**
     * Waits for an element, receiving it. Returns {@code false} when the channel was closed without a cause and has
     * no elements left.
     *
     * @throws ClosedReceiveChannelException if the channel was closed with a cause (the cause is attached)
     * @throws java.util.concurrent.CancellationException if the channel was cancelled
     * @throws InterruptedException if the thread was interrupted while waiting; no element was taken
     */
    boolean hasNext() throws InterruptedException;

    /**
     * Returns the element that the last {@link #hasNext()} received.
     *
     * @throws IllegalStateException if {@code hasNext()} was not called first
     * @throws NoSuchElementException if the last {@code hasNext()} returned {@code false}
     */
    E next();
}
