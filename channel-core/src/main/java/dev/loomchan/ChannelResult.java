package dev.loomchan;

import java.util.Objects;

/**
 * The outcome of a non-blocking channel operation ({@link SendChannel#trySend}, {@link ReceiveChannel#tryReceive})
 * or of {@link ReceiveChannel#receiveCatching()}: a success carrying a value, a failure (the operation would have had
 * to wait), or closed (the channel is closed; {@link #exceptionOrNull()} is the close cause, if any). Closed counts as
 * a failure too, as in Kotlin.
 *
 * @param <T> the type of the value carried by a success ({@link Void} for sends)
 */
public final class ChannelResult<T> {
    private static final Object FAILED = new Object() {
        @Override
        public String toString() {
            return "Failed";
        }
    };
    private static final ChannelResult<?> SUCCESS_VOID = new ChannelResult<>(null, null, false);
    private static final ChannelResult<?> FAILURE = new ChannelResult<>(FAILED, null, false);
    private static final ChannelResult<?> CLOSED_NO_CAUSE = new ChannelResult<>(FAILED, null, true);

    private final Object value;
    private final Throwable cause;
    private final boolean closed;

    private ChannelResult(Object value, Throwable cause, boolean closed) {
        this.value = value;
        this.cause = cause;
        this.closed = closed;
    }

    /** A success carrying {@code value} ({@code null} only for {@code ChannelResult<Void>}). */
    @SuppressWarnings("unchecked")
    public static <T> ChannelResult<T> success(T value) {
        return value == null ? (ChannelResult<T>) SUCCESS_VOID : new ChannelResult<>(value, null, false);
    }

    /** A failure: the operation would have had to wait. */
    @SuppressWarnings("unchecked")
    public static <T> ChannelResult<T> failure() {
        return (ChannelResult<T>) FAILURE;
    }

    /** Closed, with the close cause or {@code null}. */
    @SuppressWarnings("unchecked")
    public static <T> ChannelResult<T> closed(Throwable cause) {
        return cause == null ? (ChannelResult<T>) CLOSED_NO_CAUSE : new ChannelResult<>(FAILED, cause, true);
    }

    /** True when the operation succeeded. */
    public boolean isSuccess() {
        return value != FAILED;
    }

    /** True when the operation did not succeed: it would have had to wait, or the channel is closed. */
    public boolean isFailure() {
        return value == FAILED;
    }

    /** True when the operation failed because the channel is closed. */
    public boolean isClosed() {
        return closed;
    }

    /** The value of a success, or {@code null}. */
    @SuppressWarnings("unchecked")
    public T getOrNull() {
        return value == FAILED ? null : (T) value;
    }

    /**
     * The value of a success.
     *
     * @throws ClosedReceiveChannelException if closed (carrying the close cause, if any)
     * @throws IllegalStateException if the operation failed without the channel being closed
     */
    @SuppressWarnings("unchecked")
    public T getOrThrow() {
        if (value != FAILED) {
            return (T) value;
        }
        if (closed) {
            if (cause instanceof RuntimeException re
                    && (re instanceof java.util.concurrent.CancellationException)) {
                throw re;
            }
            throw new ClosedReceiveChannelException("channel was closed", cause);
        }
        throw new IllegalStateException("getOrThrow() on a failed channel result: the operation would have waited");
    }

    /** The close cause of a closed result, or {@code null}. */
    public Throwable exceptionOrNull() {
        return cause;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelResult<?> other
                && closed == other.closed
                && Objects.equals(value, other.value)
                && Objects.equals(cause, other.cause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, cause, closed);
    }

    @Override
    public String toString() {
        if (closed) {
            return "Closed(" + cause + ")";
        }
        return value == FAILED ? "Failed" : "Value(" + value + ")";
    }
}
