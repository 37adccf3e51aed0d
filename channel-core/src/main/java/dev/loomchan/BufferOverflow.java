package dev.loomchan;

/**
 * What a send does when the buffer of a channel is full, as in Kotlin's {@code BufferOverflow}.
 */
public enum BufferOverflow {
    /** The sender waits until there is room (the default). */
    SUSPEND,
    /**
     * The send succeeds at once and the oldest buffered element is dropped; the dropped element goes to
     * {@code onUndeliveredElement}. Never waits.
     */
    DROP_OLDEST,
    /**
     * The send succeeds at once and the element being sent is dropped when the buffer is full; the dropped element
     * goes to {@code onUndeliveredElement}. Never waits.
     */
    DROP_LATEST
}
