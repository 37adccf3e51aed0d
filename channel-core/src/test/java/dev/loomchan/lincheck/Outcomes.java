package dev.loomchan.lincheck;

import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;

import java.util.concurrent.CancellationException;

/**
 * Turns what the real channel answers (results, the exceptions of a closed or cancelled channel) into the strings of
 * {@link ChannelModel}, so that Lincheck compares plain values. Any other exception is rethrown: Lincheck then records
 * it as the operation's result, which no model result equals.
 */
public final class Outcomes {
    private Outcomes() {
    }

    /** The close cause the tests pass to {@code close} and {@code cancel}: a numbered token. */
    static final class Token extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int number;

        Token(int number) {
            super("token " + number, null, false, false);
            this.number = number;
        }
    }

    /** {@code "Closed(t)"} or {@code "Cancelled(t)"} for the exception a closed or cancelled channel throws. */
    public static String ofClosed(RuntimeException e) {
        if (e instanceof CancellationException) {
            return "Cancelled(" + token(e.getCause()) + ")";
        }
        if (e instanceof ClosedSendChannelException || e instanceof ClosedReceiveChannelException) {
            return "Closed(" + token(e.getCause()) + ")";
        }
        throw e;
    }

    /** A send's result: ok, failed, or closed with its token. */
    public static String ofSend(ChannelResult<Void> result) {
        if (result.isSuccess()) {
            return ChannelModel.OK;
        }
        return result.isClosed() ? ofCause(result.exceptionOrNull()) : ChannelModel.FAILED;
    }

    /** A receive's result: the element, failed, or closed with its token. */
    public static String ofReceive(ChannelResult<Integer> result) {
        if (result.isSuccess()) {
            return String.valueOf(result.getOrNull());
        }
        return result.isClosed() ? ofCause(result.exceptionOrNull()) : ChannelModel.FAILED;
    }

    /** A closed result's cause: a CancellationException after a cancel, else the close token. */
    private static String ofCause(Throwable cause) {
        if (cause instanceof CancellationException) {
            return "Cancelled(" + token(cause.getCause()) + ")";
        }
        return "Closed(" + token(cause) + ")";
    }

    /** The token's number; "?" when the cause is not a token (which no model result contains). */
    private static String token(Throwable cause) {
        return cause instanceof Token t ? String.valueOf(t.number) : "?" + cause;
    }
}
