package dev.loomchan.internal;

import dev.loomchan.ChannelResult;

import java.util.function.Function;

/** {@code onReceive} and {@code onReceiveCatching}: the receive template, run with a select registration as waiter. */
final class ReceiveClause<E, R> extends SelectClauseImpl<R> {
    private final BufferedChannel<E> channel;
    private final Function<? super E, ? extends R> onElement;
    private final Function<? super ChannelResult<E>, ? extends R> onResult;

    private ReceiveClause(BufferedChannel<E> channel, Function<? super E, ? extends R> onElement,
                          Function<? super ChannelResult<E>, ? extends R> onResult) {
        this.channel = channel;
        this.onElement = onElement;
        this.onResult = onResult;
    }

    static <E, R> ReceiveClause<E, R> receive(BufferedChannel<E> channel, Function<? super E, ? extends R> block) {
        return new ReceiveClause<>(channel, block, null);
    }

    static <E, R> ReceiveClause<E, R> receiveCatching(BufferedChannel<E> channel,
                                                      Function<? super ChannelResult<E>, ? extends R> block) {
        return new ReceiveClause<>(channel, null, block);
    }

    @Override
    public Object register(SelectRegistration registration) {
        Object result = channel.receiveImpl(registration);
        return result == registration ? REGISTERED : result; // an element, or CLOSED
    }

    @Override
    public Object tryAtOnce() {
        Object result = channel.tryReceiveImpl();
        return result == BufferedChannel.NOT_NOW ? NOT_READY : result; // an element, or CLOSED
    }

    @Override
    public R complete(Object result) {
        if (result == BufferedChannel.CLOSED) {
            if (onResult == null) {
                throw channel.receiveException();
            }
            return onResult.apply(ChannelResult.closed(channel.closedResultCause()));
        }
        E element = BufferedChannel.cast(result);
        return onResult == null ? onElement.apply(element) : onResult.apply(ChannelResult.success(element));
    }

    @Override
    public Object channel() {
        return channel;
    }
}
