package dev.loomchan;

import java.util.NoSuchElementException;

/**
 * Thrown by a receive on a channel that was {@linkplain SendChannel#close() closed} and has no elements left.
 * {@link #getCause()} is the cause given to {@link SendChannel#close(Throwable)}, or {@code null} for a plain close.
 */
public class ClosedReceiveChannelException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    public ClosedReceiveChannelException(String message, Throwable cause) {
        super(message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
