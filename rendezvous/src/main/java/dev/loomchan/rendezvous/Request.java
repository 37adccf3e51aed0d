package dev.loomchan.rendezvous;

import java.util.List;

/**
 * A call as its server sees it: the caller's payload and the slot through which the answer goes back. Exactly one
 * answer is accepted: {@link #reply}, {@link #fail} or a successful {@link #forward} (after which the next server
 * answers). A second answer is a bug and throws {@link IllegalStateException}.
 *
 * <p>A caller that is interrupted or times out after its request was taken <em>abandons</em> it: the server may see
 * that through {@link #isAbandoned()} and skip the work; an answer given anyway returns {@code false}, and a reply goes
 * to the channel's undelivered-reply handler so that the resources it holds can be released.
 *
 * @param <Q> the request payload
 * @param <R> the reply
 */
public interface Request<Q, R> {

    /** The caller's payload. */
    Q payload();

    /**
     * Answers the call with {@code reply} ({@code null} is allowed, for {@code Void} services).
     *
     * @return true if the caller gets the reply; false if it had abandoned the call (the reply then went to the
     *         channel's undelivered-reply handler)
     * @throws IllegalStateException if the request was already answered or forwarded
     */
    boolean reply(R reply);

    /**
     * Fails the call: the caller's {@code call} throws a {@link RequestFailedException} whose cause is {@code cause}.
     *
     * @return true if the caller gets the failure; false if it had abandoned the call
     * @throws IllegalStateException if the request was already answered or forwarded
     * @throws NullPointerException  if {@code cause} is null
     */
    boolean fail(Throwable cause);

    /** True if the caller gave up (interrupt or time-out) after the request was handed over. */
    boolean isAbandoned();

    /**
     * Hands the request on to {@code next}, waiting until one of its servers takes it (a rendezvous, like any send).
     * The answer given there goes straight to the original caller. The route grows by one {@link Hop}.
     *
     * @return true if a server of {@code next} took it; false if the caller had already abandoned it (nothing is sent)
     * @throws InterruptedException if interrupted while waiting: the caller's call then fails with a
     *                              {@link RequestFailedException} whose cause is an {@code InterruptedException}
     * @throws dev.loomchan.ClosedSendChannelException if {@code next} is closed: the caller's call fails the same way,
     *                              with that exception as the cause
     * @throws IllegalStateException if the request was already answered or forwarded
     */
    boolean forward(RequestChannel<Q, R> next) throws InterruptedException;

    /**
     * Where the request has been: the channel the caller sent it to, then every channel it was forwarded to, each
     * with the thread that sent it. A snapshot; the first hop is the caller's.
     */
    List<Hop> route();
}
