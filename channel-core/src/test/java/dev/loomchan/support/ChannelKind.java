package dev.loomchan.support;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;

import java.util.function.Consumer;

/** Every kind of channel, with what it promises: the shared vocabulary of tests and the stress tool. */
public enum ChannelKind {
    RENDEZVOUS(Channel.RENDEZVOUS, BufferOverflow.SUSPEND),
    BUFFERED_1(1, BufferOverflow.SUSPEND),
    BUFFERED_2(2, BufferOverflow.SUSPEND),
    BUFFERED_16(16, BufferOverflow.SUSPEND),
    BUFFERED_1024(1024, BufferOverflow.SUSPEND),
    UNLIMITED(Channel.UNLIMITED, BufferOverflow.SUSPEND),
    CONFLATED(Channel.CONFLATED, BufferOverflow.SUSPEND),
    DROP_OLDEST(4, BufferOverflow.DROP_OLDEST),
    DROP_LATEST(4, BufferOverflow.DROP_LATEST);

    public final int capacity;
    public final BufferOverflow overflow;

    ChannelKind(int capacity, BufferOverflow overflow) {
        this.capacity = capacity;
        this.overflow = overflow;
    }

    public <E> Channel<E> create() {
        return Channel.create(capacity, overflow);
    }

    public <E> Channel<E> create(Consumer<? super E> onUndeliveredElement) {
        return Channel.<E>builder()
                .capacity(capacity)
                .onBufferOverflow(overflow)
                .onUndeliveredElement(onUndeliveredElement)
                .name(name().toLowerCase())
                .build();
    }

    /** True when every element sent is received, unless the channel is cancelled or a send is interrupted. */
    public boolean lossless() {
        return overflow == BufferOverflow.SUSPEND && capacity != Channel.CONFLATED;
    }

    /** True when a send may block. */
    public boolean sendMayBlock() {
        return lossless() && capacity != Channel.UNLIMITED;
    }

    /** Buffer size as the engine sees it: CONFLATED is a buffer of one. */
    public int bufferSize() {
        return capacity == Channel.CONFLATED ? 1 : capacity;
    }
}
