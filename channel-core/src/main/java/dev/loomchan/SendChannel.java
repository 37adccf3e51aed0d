package dev.loomchan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sending side of a {@link Channel}. All methods are thread-safe; blocking methods park the calling thread,
 * virtual or platform, and are interruptible.
 *
 * @param <E> the element type; {@code null} elements are rejected with {@link NullPointerException}
 */
public interface SendChannel<E> {

    /**
     * Sends {@code element}, waiting while the channel has no room (a rendezvous channel has room only when a receiver
     * is waiting). Returns once the element is buffered or handed to a receiver.
     *
     * <p>If the thread is interrupted while waiting, the send is cancelled: its cell is abandoned, the element goes to
     * {@code onUndeliveredElement} and {@link InterruptedException} is thrown. If the element had already been taken
     * by a receiver when the interrupt arrived, the send returns normally with the interrupt flag set again. The
     * interrupt flag is only looked at when the call would wait.
     *
     * @throws ClosedSendChannelException if the channel is closed (the element goes to {@code onUndeliveredElement})
     * @throws java.util.concurrent.CancellationException if the channel was cancelled
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code element} is null
     */
    void send(E element) throws InterruptedException;

    /**
     * Sends {@code element}, waiting at most {@code timeout} for room. On time-out the element was not sent and stays
     * the caller's: it is <em>not</em> handed to {@code onUndeliveredElement}. A zero or negative timeout makes this
     * the blocking-free {@link #trySend}, except that a closed channel still throws.
     *
     * @return {@code true} if sent, {@code false} if the time-out elapsed first
     * @throws ClosedSendChannelException if the channel is closed (the element goes to {@code onUndeliveredElement})
     * @throws java.util.concurrent.CancellationException if the channel was cancelled
     * @throws InterruptedException if interrupted while waiting (the element goes to {@code onUndeliveredElement})
     * @throws NullPointerException if {@code element} or {@code timeout} is null
     */
    boolean send(E element, Duration timeout) throws InterruptedException;

    /**
     * Sends {@code element} only if that needs no waiting. Never blocks. On failure or closed the element stays the
     * caller's (it is not handed to {@code onUndeliveredElement}), as in Kotlin.
     *
     * @return success, failure (no room now) or closed (with the close cause)
     * @throws NullPointerException if {@code element} is null
     */
    ChannelResult<Void> trySend(E element);

    /**
     * Closes the channel for sending. Elements already buffered, and senders already waiting, are still received;
     * receivers that find nothing left get {@link ClosedReceiveChannelException}. Idempotent.
     *
     * @return {@code true} only for the call that closed the channel
     */
    default boolean close() {
        return close(null);
    }

    /**
     * Closes the channel with a cause, which later operations attach to the exceptions they throw
     * ({@link Throwable#getCause()}) and {@link ReceiveChannel#receiveCatching()} reports.
     *
     * @return {@code true} only for the call that closed the channel
     */
    boolean close(Throwable cause);

    /** True once the channel is closed or cancelled: sends fail from now on. */
    boolean isClosedForSend();

    /**
     * Registers the one close handler of this channel. It runs exactly once: at once, on this thread, if the channel is
     * already closed; otherwise on the thread whose {@code close} or {@code cancel} closes it. The handler receives the
     * close cause, or {@code null}.
     *
     * @throws IllegalStateException if a handler was registered already
     * @throws NullPointerException if {@code handler} is null
     */
    void invokeOnClose(Consumer<? super Throwable> handler);

    /**
     * Sends, in order, the longest prefix of {@code elements} that the channel can take now without waiting, and
     * returns its length; the batch form of {@link #trySend}. The elements after it were not sent and stay the
     * caller's, as a failed {@code trySend} leaves its element. A channel of loomchan's engine takes a run of free
     * cells with one update of its senders counter instead of one per element. On a channel that drops elements
     * instead of waiting (conflated, {@code DROP_OLDEST}, {@code DROP_LATEST}) every element is taken, as by
     * {@code trySend}.
     *
     * @return how many elements, from the first, were sent: less than {@code elements.size()} when the buffer is full,
     *     no receiver is waiting, or the channel is closed
     * @throws NullPointerException if {@code elements} or any of its elements is null (then nothing is sent)
     */
    default int trySendAll(List<? extends E> elements) {
        Objects.requireNonNull(elements, "elements");
        for (int i = 0, n = elements.size(); i < n; i++) {
            Objects.requireNonNull(elements.get(i), "element");
        }
        int sent = 0;
        for (int n = elements.size(); sent < n; sent++) {
            if (!trySend(elements.get(sent)).isSuccess()) {
                break;
            }
        }
        return sent;
    }

    /**
     * Sends every element of {@code elements}, in order, waiting for room as {@link #send} does; runs that fit are
     * sent as by {@link #trySendAll}. If the channel is closed, or the thread interrupted while waiting, the call
     * throws as {@code send} does, and the element being sent and every later one go to {@code onUndeliveredElement}:
     * the elements before it were sent. (This default sends one element at a time and leaves the later elements with
     * the caller; every channel of this library overrides it.)
     *
     * @throws NullPointerException if {@code elements} or any of its elements is null (then nothing is sent)
     * @throws ClosedSendChannelException if the channel is closed
     * @throws java.util.concurrent.CancellationException if the channel was cancelled
     * @throws InterruptedException if interrupted while waiting for room
     */
    default void sendAll(List<? extends E> elements) throws InterruptedException {
        Objects.requireNonNull(elements, "elements");
        for (int i = 0, n = elements.size(); i < n; i++) {
            Objects.requireNonNull(elements.get(i), "element");
        }
        for (E element : elements) {
            send(element);
        }
    }

    /**
     * A select clause that sends {@code element} and then runs {@code block}; the select returns the block's value.
     * If the select chooses another clause (or is interrupted), the element was not sent and stays the caller's. If
     * the channel is closed when the select chooses this clause, the element goes to {@code onUndeliveredElement} and
     * the select throws {@link ClosedSendChannelException} (or {@link java.util.concurrent.CancellationException}).
     *
     * @throws NullPointerException if {@code element} or {@code block} is null
     */
    <R> SelectClause<R> onSend(E element, Supplier<? extends R> block);
}
