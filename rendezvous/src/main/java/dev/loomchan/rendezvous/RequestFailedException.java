package dev.loomchan.rendezvous;

/**
 * Thrown to a caller whose request a server {@linkplain Request#fail(Throwable) failed}, or could not forward.
 * {@link #getCause()} is the server's cause, exactly as the server passed it; the stack trace is the caller's.
 */
public class RequestFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RequestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
