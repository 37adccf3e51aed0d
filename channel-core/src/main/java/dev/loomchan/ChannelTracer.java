package dev.loomchan;

/**
 * Hears a channel's slow-path events: it was closed, it was cancelled, an element became undelivered or was dropped by
 * the overflow policy. Installed per channel with {@link Channel.Builder#tracer(ChannelTracer)}, or for every named channel
 * with {@link ChannelRegistry#trace(ChannelTracer)}; an unnamed channel without one pays one read of a final field on
 * those slow paths, a named channel one pass over the registry's list of tracers, and nothing on the fast paths, which
 * have no events.
 *
 * <p>Each event is reported exactly once, on the thread whose operation caused it, while that operation runs: keep
 * the methods short and non-blocking. Every element handed to {@code onUndeliveredElement} is reported exactly once,
 * by {@link #onDropped} if an overflow policy dropped it and by {@link #onUndelivered} otherwise; the tracer hears it
 * just before the handler runs. An exception thrown by a tracer does not reach the channel's caller: it goes to the
 * current thread's uncaught-exception handler and the operation carries on.
 *
 * <p>Every method does nothing by default.
 */
public interface ChannelTracer {

    /** The channel was closed by {@link SendChannel#close(Throwable)}; once, by the call that closed it. */
    default void onClosed(Channel<?> channel, Throwable cause) {
    }

    /**
     * The channel was cancelled; once, by the first {@link ReceiveChannel#cancel(Throwable)} call, whether or not the
     * channel had been closed before. Reported before the elements the cancel removes.
     */
    default void onCancelled(Channel<?> channel, Throwable cause) {
    }

    /**
     * An element was handed to {@code onUndeliveredElement} (whether or not a handler is set) for another reason than
     * an overflow policy: a cancel removed it, its send was interrupted, or its send found the channel closed.
     */
    default void onUndelivered(Channel<?> channel, Object element) {
    }

    /** A DROP_OLDEST or DROP_LATEST policy (a conflated channel included) dropped an element. */
    default void onDropped(Channel<?> channel, Object element) {
    }
}
