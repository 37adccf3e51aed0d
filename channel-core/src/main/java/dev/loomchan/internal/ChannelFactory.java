package dev.loomchan.internal;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelTracer;

import java.util.Objects;
import java.util.function.Consumer;

/** Picks the engine for a capacity and overflow policy, by Kotlin's rules for {@code Channel(capacity, onBufferOverflow)}. */
public final class ChannelFactory {
    /** The capacity of {@link Channel#BUFFERED}: {@code -Dloomchan.channel.defaultBuffer}, 64 by default. */
    public static final int DEFAULT_BUFFER = defaultBuffer();

    private ChannelFactory() {
    }

    public static <E> Channel<E> create(int capacity, BufferOverflow overflow, Consumer<? super E> onUndelivered,
                                        String name) {
        return create(capacity, overflow, onUndelivered, name, null);
    }

    /** As {@link #create(int, BufferOverflow, Consumer, String)}, with a tracer (null for none). */
    public static <E> Channel<E> create(int capacity, BufferOverflow overflow, Consumer<? super E> onUndelivered,
                                        String name, ChannelTracer tracer) {
        Objects.requireNonNull(overflow, "onBufferOverflow");
        boolean suspend = overflow == BufferOverflow.SUSPEND;
        switch (capacity) {
            case Channel.RENDEZVOUS:
                return suspend ? new BufferedChannel<>(0, onUndelivered, name, tracer)
                        : new ConflatedBufferedChannel<>(1, overflow, onUndelivered, name, tracer);
            case Channel.CONFLATED:
                if (!suspend) {
                    throw new IllegalArgumentException("capacity CONFLATED (-1) cannot be combined with onBufferOverflow="
                            + overflow + ": a conflated channel already drops the oldest element");
                }
                return new ConflatedBufferedChannel<>(1, BufferOverflow.DROP_OLDEST, onUndelivered, name, tracer);
            case Channel.UNLIMITED:
                return new BufferedChannel<>(Channel.UNLIMITED, onUndelivered, name, tracer); // never overflows
            case Channel.BUFFERED:
                return suspend ? new BufferedChannel<>(DEFAULT_BUFFER, onUndelivered, name, tracer)
                        : new ConflatedBufferedChannel<>(1, overflow, onUndelivered, name, tracer);
            default:
                if (capacity < Channel.BUFFERED) {
                    throw new IllegalArgumentException("invalid channel capacity " + capacity + " (onBufferOverflow="
                            + overflow + "): must be >= 0, or RENDEZVOUS (0), CONFLATED (-1), BUFFERED (-2), UNLIMITED");
                }
                return suspend ? new BufferedChannel<>(capacity, onUndelivered, name, tracer)
                        : new ConflatedBufferedChannel<>(capacity, overflow, onUndelivered, name, tracer);
        }
    }

    private static int defaultBuffer() {
        int size = Integer.getInteger("loomchan.channel.defaultBuffer", 64);
        if (size < 1) {
            throw new IllegalArgumentException("loomchan.channel.defaultBuffer must be >= 1, was " + size);
        }
        return size;
    }
}
