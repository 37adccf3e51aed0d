package dev.loomchan;

/**
 * Thrown when an {@code onUndeliveredElement} handler throws. The handler's exception is the {@linkplain #getCause()
 * cause}; the channel stays consistent and the exception reaches the caller whose operation invoked the handler, as
 * in Kotlin. When several handler calls fail within one operation (a {@code cancel} over many buffered elements), the
 * later failures are added as suppressed exceptions.
 */
public class UndeliveredElementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UndeliveredElementException(String message, Throwable cause) {
        super(message, cause);
    }
}
