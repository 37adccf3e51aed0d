package dev.loomchan.select.support;

import dev.loomchan.Channel;

import java.util.function.Consumer;

/** The channel kinds a select is tested over, with what each promises to its senders and receivers. */
public enum ChannelKind {
    RENDEZVOUS(Channel.RENDEZVOUS),
    BUFFERED_1(1),
    BUFFERED_16(16),
    UNLIMITED(Channel.UNLIMITED),
    CONFLATED(Channel.CONFLATED);

    public final int capacity;

    ChannelKind(int capacity) {
        this.capacity = capacity;
    }

    /** A channel of this kind whose undelivered elements go to {@code onUndeliveredElement}. */
    public <E> Channel<E> create(Consumer<? super E> onUndeliveredElement) {
        return Channel.<E>builder()
                .capacity(capacity)
                .onUndeliveredElement(onUndeliveredElement)
                .name(name().toLowerCase())
                .build();
    }

    /** True when every element whose send completed is received, unless the channel is cancelled. */
    public boolean lossless() {
        return capacity != Channel.CONFLATED;
    }

    /** True when a send (or an {@code onSend} clause) may have to wait for room. */
    public boolean sendMayBlock() {
        return lossless() && capacity != Channel.UNLIMITED;
    }
}
