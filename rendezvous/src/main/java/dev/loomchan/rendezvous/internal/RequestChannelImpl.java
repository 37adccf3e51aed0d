package dev.loomchan.rendezvous.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.SelectClause;
import dev.loomchan.internal.WaitTime;
import dev.loomchan.rendezvous.Request;
import dev.loomchan.rendezvous.RequestChannel;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A request channel: a loomchan rendezvous channel whose elements are {@link Call}s.
 *
 * <p>A caller sends its call with the call itself as the waiter ({@link Call#send()}), so a call that finds no server
 * waits in its cell without a separate waiter object, and then waits in the same object for the answer. A server
 * receives calls as ordinary elements (a server that parks reuses its thread's waiter, as every engine wait does).
 * Close is the channel's close followed by a drain: every call still waiting in
 * a cell is taken and refused, so its caller learns of the close instead of waiting for a server that will not come.
 * A call that arrives during the drain either finds the channel closed or is taken by the drain (or by a server):
 * none is left behind.
 */
public final class RequestChannelImpl<Q, R> implements RequestChannel<Q, R> {
    final Channel<Call<Q, R>> channel;
    private final String name;
    private final Consumer<? super R> onUndeliveredReply;

    public RequestChannelImpl(String name, Consumer<? super R> onUndeliveredReply) {
        this.name = name != null ? name : "RequestChannel@" + Integer.toHexString(System.identityHashCode(this));
        this.onUndeliveredReply = onUndeliveredReply;
        // A named request channel is listed by ChannelRegistry (and so by the metrics) under its name.
        Channel.Builder<Call<Q, R>> engine = Channel.builder();
        this.channel = (name != null ? engine.name(name) : engine).build();
    }

    /** The engine behind a request channel; only loomchan's own can be forwarded to. */
    static <Q, R> RequestChannelImpl<Q, R> of(RequestChannel<Q, R> channel) {
        if (channel instanceof RequestChannelImpl<Q, R> impl) {
            return impl;
        }
        throw new IllegalArgumentException(channel == null ? "next channel is null"
                : "can only forward to a RequestChannel made by RequestChannel.create() or builder(), not " + channel);
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public R call(Q request) throws InterruptedException {
        try {
            return call(request, false, 0L, 0L);
        } catch (TimeoutException e) {
            throw new AssertionError("an untimed call timed out", e);
        }
    }

    @Override
    public R call(Q request, Duration timeout) throws InterruptedException, TimeoutException {
        long nanos = WaitTime.nanos(timeout);
        return call(request, true, System.nanoTime() + nanos, nanos);
    }

    private R call(Q request, boolean timed, long deadline, long timeoutNanos)
            throws InterruptedException, TimeoutException {
        Objects.requireNonNull(request, "request");
        if (Thread.interrupted()) {
            throw new InterruptedException("call to " + name + " not sent: the thread was interrupted");
        }
        Call<Q, R> call = new Call<>(this, request);
        if (!call.send()) {
            throw closedForCalls();
        }
        return call.awaitReply(timed, deadline, timeoutNanos);
    }

    @Override
    public ChannelResult<R> tryCall(Q request) throws InterruptedException {
        Objects.requireNonNull(request, "request");
        Call<Q, R> call = new Call<>(this, request);
        ChannelResult<Void> sent = channel.trySend(call);
        if (sent.isClosed()) {
            return ChannelResult.closed(sent.exceptionOrNull());
        }
        if (!sent.isSuccess()) {
            return ChannelResult.failure();
        }
        try {
            return ChannelResult.success(call.awaitReply(false, 0L, 0L));
        } catch (TimeoutException e) {
            throw new AssertionError("an untimed call timed out", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public Request<Q, R> receive() throws InterruptedException {
        return channel.receive();
    }

    @Override
    public Request<Q, R> receive(Duration timeout) throws InterruptedException {
        return channel.receive(timeout);
    }

    @Override
    @SuppressWarnings("unchecked")
    public ChannelResult<Request<Q, R>> tryReceive() {
        // A result is immutable and a Call is a Request: the engine's result serves as it is.
        return (ChannelResult<Request<Q, R>>) (ChannelResult<?>) channel.tryReceive();
    }

    @Override
    public <T> SelectClause<T> onRequest(Function<? super Request<Q, R>, ? extends T> block) {
        Objects.requireNonNull(block, "block");
        return channel.onReceive(block::apply);
    }

    @Override
    public void serve(Function<? super Q, ? extends R> handler) throws InterruptedException {
        Objects.requireNonNull(handler, "handler");
        for (;;) {
            Call<Q, R> call;
            try {
                call = channel.receive();
            } catch (ClosedReceiveChannelException closed) {
                return;
            }
            if (call.isAbandoned()) {
                continue;
            }
            R reply;
            try {
                reply = handler.apply(call.payload());
            } catch (Throwable t) {
                call.fail(t);
                if (t instanceof Error e) {
                    throw e;
                }
                continue;
            }
            call.reply(reply);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public boolean close() {
        boolean closedNow = channel.close();
        while (!channel.isClosedForReceive()) {
            ChannelResult<Call<Q, R>> waiting = channel.tryReceive();
            if (waiting.isSuccess()) {
                waiting.getOrThrow().refuse();
            }
        }
        return closedNow;
    }

    @Override
    public boolean isClosed() {
        return channel.isClosedForSend();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public dev.loomchan.ChannelStatistics statistics() {
        return channel.statistics();
    }

    /** Hands a reply whose caller gave up to the handler, if there is one. */
    void undeliveredReply(R reply) {
        if (onUndeliveredReply != null) {
            onUndeliveredReply.accept(reply);
        }
    }

    private ClosedSendChannelException closedForCalls() {
        return new ClosedSendChannelException("request channel " + name + " is closed", null);
    }

    @Override
    public String toString() {
        return "RequestChannel[" + name + ", " + channel + "]";
    }
}
