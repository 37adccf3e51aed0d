package dev.loomchan.stress;

import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;

import java.util.concurrent.CancellationException;

/**
 * What the operations that find the channel closed must report, given how the round ends it (the javadoc of
 * {@code SendChannel}, {@code ReceiveChannel} and {@code ChannelIterator}). A plain close: closed exceptions and
 * results without a cause, the iterator ends. A close with a cause: that cause everywhere, the iterator throws. A
 * cancel: {@link CancellationException} from blocking calls and the iterator; closed results may carry any cause.
 * Returns a description of the breach, or {@code null}.
 */
final class CloseContract {
    private final RoundPlan.Ending ending;
    private final Throwable cause;
    private volatile boolean endingStarted;

    CloseContract(RoundPlan.Ending ending, Throwable cause) {
        this.ending = ending;
        this.cause = cause;
    }

    /** Called by the round just before it closes or cancels the channel. */
    void endingStarts() {
        endingStarted = true;
    }

    /** Wraps a check: a channel that reports closed before anyone closed it breaks the contract whatever it says. */
    String check(String breach) {
        if (!endingStarted) {
            return "reported the channel closed before the round closed it"
                    + (breach == null ? "" : "; besides, " + breach);
        }
        return breach;
    }

    /** A send threw {@code e}, a ClosedSendChannelException or a CancellationException. */
    String sendThrew(RuntimeException e) {
        return switch (ending) {
            case CLOSE -> e instanceof ClosedSendChannelException && e.getCause() == null ? null
                    : "after a plain close, a send threw " + e + " (expected ClosedSendChannelException, no cause)";
            case CLOSE_WITH_CAUSE -> e instanceof ClosedSendChannelException && e.getCause() == cause ? null
                    : "after a close with a cause, a send threw " + e + " with cause " + e.getCause()
                    + " (expected ClosedSendChannelException caused by " + cause + ")";
            case CANCEL -> e instanceof CancellationException ? null
                    : "after a cancel, a send threw " + e + " (expected CancellationException)";
        };
    }

    /** A receive or the iterator threw {@code e}, a ClosedReceiveChannelException or a CancellationException. */
    String receiveThrew(RuntimeException e) {
        return switch (ending) {
            case CLOSE -> e instanceof ClosedReceiveChannelException && e.getCause() == null ? null
                    : "after a plain close, a receive threw " + e + " (expected ClosedReceiveChannelException, no cause)";
            case CLOSE_WITH_CAUSE -> e instanceof ClosedReceiveChannelException && e.getCause() == cause ? null
                    : "after a close with a cause, a receive threw " + e + " with cause " + e.getCause()
                    + " (expected ClosedReceiveChannelException caused by " + cause + ")";
            case CANCEL -> e instanceof CancellationException ? null
                    : "after a cancel, a receive threw " + e + " (expected CancellationException)";
        };
    }

    /** The iterator's hasNext() returned false: allowed only after a plain close. */
    String iteratorEnded() {
        return ending == RoundPlan.Ending.CLOSE ? null
                : "after a " + describe() + ", the iterator's hasNext() returned false instead of throwing";
    }

    /** trySend, tryReceive or receiveCatching returned a closed result. */
    String closedResult(String operation, ChannelResult<?> r) {
        Throwable got = r.exceptionOrNull();
        return switch (ending) {
            case CLOSE -> got == null ? null
                    : "after a plain close, " + operation + " returned " + r + " (expected no cause)";
            case CLOSE_WITH_CAUSE -> got == cause ? null
                    : "after a close with a cause, " + operation + " returned " + r + " (expected cause " + cause + ")";
            case CANCEL -> null;
        };
    }

    private String describe() {
        return switch (ending) {
            case CLOSE -> "plain close";
            case CLOSE_WITH_CAUSE -> "close with a cause";
            case CANCEL -> "cancel";
        };
    }
}
