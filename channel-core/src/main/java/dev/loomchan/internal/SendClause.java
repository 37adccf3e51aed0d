package dev.loomchan.internal;

import java.util.function.Supplier;

/** {@code onSend}: the send template, run with a select registration as waiter. */
final class SendClause<E, R> extends SelectClauseImpl<R> {
    /** Registration found the channel closed: the element is still the select's, to hand to onUndeliveredElement. */
    private static final Object CLOSED_AT_ONCE = new CellState.Marker("CLOSED_AT_ONCE");

    private final BufferedChannel<E> channel;
    private final E element;
    private final Supplier<? extends R> block;

    SendClause(BufferedChannel<E> channel, E element, Supplier<? extends R> block) {
        this.channel = channel;
        this.element = element;
        this.block = block;
    }

    @Override
    public Object register(SelectRegistration registration) {
        Object result = channel.registerSelectSend(element, registration);
        if (result == registration) {
            return REGISTERED;
        }
        return result == BufferedChannel.CLOSED ? CLOSED_AT_ONCE : result; // DONE, or closed
    }

    @Override
    public Object tryAtOnce() {
        Object result = channel.trySelectSend(element);
        if (result == BufferedChannel.NOT_NOW) {
            return NOT_READY;
        }
        return result == BufferedChannel.CLOSED ? CLOSED_AT_ONCE : result; // DONE, or closed
    }

    @Override
    public R complete(Object result) {
        if (result == CLOSED_AT_ONCE) {
            throw channel.onClosedSend(element);
        }
        if (result == BufferedChannel.CLOSED) {
            // Cancel claimed the waiting registration and already handed the element to onUndeliveredElement.
            throw channel.sendException();
        }
        return block.get();
    }

    @Override
    public Object channel() {
        return channel;
    }

    @Override
    public boolean isSend() {
        return true;
    }
}
