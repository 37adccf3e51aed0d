package dev.loomchan.chanmon.demo;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;

import java.util.Objects;
import java.util.function.Function;

/**
 * A request/reply service over a rendezvous channel: a caller sends a {@link Request} carrying its query and a reply
 * channel, and waits on that channel; each server thread receives requests and answers them. The rendezvous hands each
 * request straight from a caller to an idle server, so callers queue as waiting senders when every server is busy,
 * which the monitor shows.
 *
 * <p>This is the one place of the demo that knows how a request travels, so that it can move to the {@code rendezvous}
 * module's {@code RequestChannel} once that exists, without touching the pipeline.
 *
 * @param <Q> the query type
 * @param <R> the reply type
 */
public final class RequestReplyStage<Q, R> {
    /** A query and where its answer goes: a one-element buffer, so a server never waits for its caller. */
    public record Request<Q, R>(Q query, Channel<R> reply) {
    }

    private final Channel<Request<Q, R>> requests;
    private final Function<? super Q, ? extends R> service;

    /** A stage whose request channel is named {@code name} and whose servers answer with {@code service}. */
    public RequestReplyStage(String name, Function<? super Q, ? extends R> service) {
        this.requests = Channel.<Request<Q, R>>builder().name(Objects.requireNonNull(name, "name")).build();
        this.service = Objects.requireNonNull(service, "service");
    }

    /** Sends {@code query} and waits for the answer. */
    public R call(Q query) throws InterruptedException {
        Channel<R> reply = Channel.buffered(1);
        requests.send(new Request<>(query, reply));
        return reply.receive();
    }

    /** Answers requests on the calling thread until the request channel is closed or the thread is interrupted. */
    public void serve() throws InterruptedException {
        while (true) {
            ChannelResult<Request<Q, R>> next = requests.receiveCatching();
            if (next.isClosed()) {
                return;
            }
            Request<Q, R> request = next.getOrThrow();
            request.reply().send(service.apply(request.query())); // never waits: the reply channel has room for one
        }
    }

    /** The request channel, for monitoring and shutdown. */
    public Channel<Request<Q, R>> requests() {
        return requests;
    }

    /** Stops accepting requests; servers return once the callers already waiting have been answered. */
    public void close() {
        requests.close();
    }
}
