package dev.loomchan.internal;

import dev.loomchan.ChannelIterator;

/**
 * The iterator of a channel: {@code hasNext} receives (parking if needed) and keeps the element for {@code next}.
 * One per consuming thread, as in Kotlin; not thread-safe.
 */
final class ReceiveIterator<E> implements ChannelIterator<E> {
    private static final Object NOTHING = new CellState.Marker("NOTHING");

    private final BufferedChannel<E> channel;
    /** NOTHING, the element received by hasNext, or BufferedChannel.CLOSED. */
    private Object received = NOTHING;

    ReceiveIterator(BufferedChannel<E> channel) {
        this.channel = channel;
    }

    @Override
    public boolean hasNext() throws InterruptedException {
        if (received != NOTHING && received != BufferedChannel.CLOSED) {
            return true;
        }
        Object result = channel.receiveBlocking();
        received = result;
        if (result != BufferedChannel.CLOSED) {
            return true;
        }
        if (channel.isCancelled() || channel.closeCause() != null) {
            throw channel.receiveException();
        }
        return false;
    }

    @Override
    public E next() {
        Object result = received;
        if (result == NOTHING) {
            throw new IllegalStateException("next() without hasNext()");
        }
        received = NOTHING;
        if (result == BufferedChannel.CLOSED) {
            throw channel.receiveException();
        }
        return BufferedChannel.cast(result);
    }
}
