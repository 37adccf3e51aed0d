package dev.loomchan;

/**
 * Thrown by a send on a channel that was {@linkplain SendChannel#close() closed}. {@link #getCause()} is the cause
 * given to {@link SendChannel#close(Throwable)}, or {@code null} for a plain close.
 */
public class ClosedSendChannelException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ClosedSendChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
