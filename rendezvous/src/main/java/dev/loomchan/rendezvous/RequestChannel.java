package dev.loomchan.rendezvous;

import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.SelectClause;
import dev.loomchan.rendezvous.internal.RequestChannelImpl;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Ask a service and wait for its answer. Callers {@link #call} with a request; servers take {@link Request}s from
 * {@link #receive()} (or {@link #onRequest} in a select, or {@link #serve} in a loop) and answer each one. The request
 * reaches a server through a rendezvous, and the answer comes back through a slot in the request itself, not through
 * a channel made for the call: a call allocates its request object and nothing else, and a caller that gives up
 * leaves nothing behind.
 *
 * <pre>{@code
 * RequestChannel<String, Integer> lengths = RequestChannel.create();
 * Thread.ofVirtual().start(() -> lengths.serve(String::length));   // any number of servers may share the channel
 * int n = lengths.call("hello");                                     // 5
 * }</pre>
 *
 * <h2>Outcomes of a call</h2>
 * <ul>
 *   <li>the server's reply;</li>
 *   <li>{@link RequestFailedException} carrying the server's cause, if it {@linkplain Request#fail failed} the
 *   request (or its handler in {@link #serve} threw);</li>
 *   <li>{@link ClosedSendChannelException}, if the channel was closed before a server took the request;</li>
 *   <li>{@link InterruptedException} or {@link TimeoutException}: the caller gave up. A request still waiting for a
 *   server is withdrawn (no server will see it); one a server holds is <em>abandoned</em>: the server can tell, and
 *   a reply it gives anyway goes to the {@linkplain Builder#onUndeliveredReply undelivered-reply handler}.</li>
 * </ul>
 * Every call ends in exactly one of these, and every reply is either returned to its caller or handed to the
 * undelivered-reply handler, once.
 *
 * @param <Q> the request payload
 * @param <R> the reply
 */
public interface RequestChannel<Q, R> {

    /** A request channel with no name and no undelivered-reply handler. */
    static <Q, R> RequestChannel<Q, R> create() {
        return new Builder<Q, R>().build();
    }

    /** A builder for a named channel or one with an undelivered-reply handler. */
    static <Q, R> Builder<Q, R> builder() {
        return new Builder<>();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Callers
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Sends {@code request} to a server, waiting until one takes it, then waits for the answer.
     *
     * @throws RequestFailedException    if the server failed the request (the cause is the server's)
     * @throws ClosedSendChannelException if the channel was closed before a server took the request
     * @throws InterruptedException       if interrupted first: the request was withdrawn or abandoned
     * @throws NullPointerException       if {@code request} is null
     */
    R call(Q request) throws InterruptedException;

    /**
     * {@link #call(Object)} with a time limit on the whole round trip: waiting for a server and for its answer.
     *
     * @throws TimeoutException if no answer came in time: the request was withdrawn or abandoned
     */
    R call(Q request, Duration timeout) throws InterruptedException, TimeoutException;

    /**
     * Hands {@code request} over only if a server is waiting for one right now, then waits for its answer; otherwise
     * returns at once. The fast path for cheap queries that would rather do something else than queue.
     *
     * @return success with the reply; failure if no server was waiting (nothing was sent); closed if the channel is
     *         closed
     * @throws RequestFailedException if the server failed the request
     * @throws InterruptedException   if interrupted while waiting for the answer (the request is abandoned)
     */
    ChannelResult<R> tryCall(Q request) throws InterruptedException;

    // ---------------------------------------------------------------------------------------------------------------
    // Servers
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Takes the next request, waiting for a caller if there is none. The request must then be answered (or
     * forwarded): its caller waits until it is, or until it gives up.
     *
     * @throws ClosedReceiveChannelException once the channel is closed (requests left waiting at the close were
     *                                       refused by {@link #close()})
     */
    Request<Q, R> receive() throws InterruptedException;

    /** {@link #receive()} with a time limit: null if no request came in time. */
    Request<Q, R> receive(Duration timeout) throws InterruptedException;

    /** Takes a request only if a caller is waiting with one now. */
    ChannelResult<Request<Q, R>> tryReceive();

    /** A select clause that takes a request and passes it to {@code block}, which should answer it. */
    <T> SelectClause<T> onRequest(Function<? super Request<Q, R>, ? extends T> block);

    /**
     * Serves requests until the channel is closed: each request's reply is {@code handler}'s result, and a handler
     * that throws fails that request (the caller gets a {@link RequestFailedException} with the handler's exception as
     * its cause; an {@link Error} is then rethrown). Requests whose caller already gave up are skipped.
     * Serving allocates nothing per request (a thread reuses its waiter from one wait to the next).
     *
     * @throws InterruptedException if interrupted while waiting for a request
     */
    void serve(Function<? super Q, ? extends R> handler) throws InterruptedException;

    // ---------------------------------------------------------------------------------------------------------------
    // Life cycle
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Closes the channel: every later call throws {@link ClosedSendChannelException}, and so does every call still
     * waiting for a server (close takes each such request and refuses it; a server that takes one first answers it).
     * Requests servers already hold are answered as usual; servers then see the close ({@link #receive()} throws,
     * {@link #serve} returns).
     *
     * @return true if this call closed the channel, false if it was closed already
     */
    boolean close();

    /** True once {@link #close()} was called. */
    boolean isClosed();

    /** The name given to the builder, or {@code RequestChannel@<hash>}. */
    String name();

    /**
     * The statistics of the rendezvous channel the calls travel through ({@link dev.loomchan.Channel#statistics()}):
     * {@code sent} counts calls handed to servers, {@code waitingSenders} callers waiting for a server,
     * {@code waitingReceivers} idle servers, {@code cancelledSenders} calls withdrawn before a server took them. A
     * named request channel is also listed by {@link dev.loomchan.ChannelRegistry} (and so by the metrics and the
     * monitor) under its name.
     */
    dev.loomchan.ChannelStatistics statistics();

    /** Builds request channels. */
    final class Builder<Q, R> {
        private String name;
        private Consumer<? super R> onUndeliveredReply;

        private Builder() {
        }

        /** A name for diagnostics, exceptions and {@link Request#route()}. */
        public Builder<Q, R> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Receives every non-null reply whose caller had given up, so the resources it holds can be released. Runs in
         * the server's thread, inside {@link Request#reply}; what it throws reaches that server.
         */
        public Builder<Q, R> onUndeliveredReply(Consumer<? super R> handler) {
            this.onUndeliveredReply = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public RequestChannel<Q, R> build() {
            return new RequestChannelImpl<>(name, onUndeliveredReply);
        }
    }
}
