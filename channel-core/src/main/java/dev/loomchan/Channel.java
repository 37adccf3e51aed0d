package dev.loomchan;

import dev.loomchan.internal.ChannelFactory;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A channel: a {@link SendChannel} and a {@link ReceiveChannel} joined, with Kotlin's semantics and Java's shape.
 * Blocking calls park the calling thread, virtual or platform, and throw {@link InterruptedException}.
 *
 * <table>
 *   <caption>Kinds of channel</caption>
 *   <tr><th>factory</th><th>capacity</th><th>send waits when</th></tr>
 *   <tr><td>{@link #rendezvous()}</td><td>0</td><td>no receiver is waiting</td></tr>
 *   <tr><td>{@link #buffered(int)}</td><td>n</td><td>n elements are buffered</td></tr>
 *   <tr><td>{@link #buffered()}</td><td>64 ({@code -Dloomchan.channel.defaultBuffer})</td><td>the buffer is full</td></tr>
 *   <tr><td>{@link #unlimited()}</td><td>unbounded</td><td>never</td></tr>
 *   <tr><td>{@link #conflated()}</td><td>1, keeps the latest</td><td>never (the older element is dropped)</td></tr>
 *   <tr><td>{@link #create(int, BufferOverflow)} with DROP_OLDEST / DROP_LATEST</td><td>n ≥ 1</td><td>never</td></tr>
 * </table>
 *
 * <p>Every element sent is received exactly once, or handed exactly once to the {@code onUndeliveredElement} handler
 * set through {@link #builder()}: when a cancel drops it, a DROP_* policy drops it, an interrupted send abandons it,
 * or a send finds the channel closed.
 *
 * @param <E> the element type; {@code null} elements are rejected
 */
public interface Channel<E> extends SendChannel<E>, ReceiveChannel<E> {

    /** Capacity of a rendezvous channel: no buffer. */
    int RENDEZVOUS = 0;
    /** Capacity of a conflated channel: a buffer of one that keeps the latest element. */
    int CONFLATED = -1;
    /** Capacity asking for the default buffer size (64, or {@code loomchan.channel.defaultBuffer}). */
    int BUFFERED = -2;
    /** Capacity of an unbounded channel. */
    int UNLIMITED = Integer.MAX_VALUE;

    /** A channel without buffer: every send meets a receive. */
    static <E> Channel<E> rendezvous() {
        return create(RENDEZVOUS, BufferOverflow.SUSPEND);
    }

    /** A buffered channel of the default capacity. */
    static <E> Channel<E> buffered() {
        return create(BUFFERED, BufferOverflow.SUSPEND);
    }

    /** A buffered channel of {@code capacity} (0 gives a rendezvous channel, {@link #UNLIMITED} an unbounded one). */
    static <E> Channel<E> buffered(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("buffered(capacity): capacity must be >= 0, was " + capacity);
        }
        return create(capacity, BufferOverflow.SUSPEND);
    }

    /** An unbounded channel: sends never wait. */
    static <E> Channel<E> unlimited() {
        return create(UNLIMITED, BufferOverflow.SUSPEND);
    }

    /** A conflated channel: keeps only the latest element; sends never wait. */
    static <E> Channel<E> conflated() {
        return create(CONFLATED, BufferOverflow.SUSPEND);
    }

    /** A channel of {@code capacity}, one of the constants above or a positive buffer size. */
    static <E> Channel<E> create(int capacity) {
        return create(capacity, BufferOverflow.SUSPEND);
    }

    /**
     * A channel of {@code capacity} with an overflow policy, decided as Kotlin's {@code Channel(capacity,
     * onBufferOverflow)} decides: a DROP_* policy on a rendezvous or default-buffered channel gives a buffer of one;
     * {@link #UNLIMITED} never overflows, so its policy is ignored.
     *
     * @throws IllegalArgumentException if {@code capacity} is below {@link #BUFFERED}, or is {@link #CONFLATED} with a
     *                                  policy other than SUSPEND
     */
    static <E> Channel<E> create(int capacity, BufferOverflow onBufferOverflow) {
        return ChannelFactory.create(capacity, onBufferOverflow, null, null);
    }

    /** A builder for channels with a handler for undelivered elements or a name. */
    static <E> Builder<E> builder() {
        return new Builder<>();
    }

    /**
     * A multi-line dump of the channel's counters and of every live segment, cell by cell, with the state of each cell
     * and of its waiter. For diagnostics and tests; the dump is not atomic.
     */
    String debugString();

    /**
     * A snapshot of this channel's counts: sent, received, suspensions, cancellations, undelivered and dropped
     * elements, waiting senders and receivers, size, and its kind, name and state. Cheap (it sums a few counters), never
     * blocks, and changes nothing; exact when no operation is running, within stated bounds otherwise (see
     * {@link ChannelStatistics}). Reading it often does not slow the channel's operations down.
     */
    ChannelStatistics statistics();

    /**
     * Builds channels: {@code Channel.<Job>builder().capacity(16).onUndeliveredElement(Job::release).name("jobs").build()}.
     *
     * @param <E> the element type
     */
    final class Builder<E> {
        private int capacity = RENDEZVOUS;
        private BufferOverflow onBufferOverflow = BufferOverflow.SUSPEND;
        private Consumer<? super E> onUndeliveredElement;
        private String name;
        private ChannelTracer tracer;

        private Builder() {
        }

        /** The capacity: {@link #RENDEZVOUS} (the default), {@link #CONFLATED}, {@link #BUFFERED}, {@link #UNLIMITED} or a size. */
        public Builder<E> capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        /** What a send does when the buffer is full (default {@link BufferOverflow#SUSPEND}). */
        public Builder<E> onBufferOverflow(BufferOverflow onBufferOverflow) {
            this.onBufferOverflow = Objects.requireNonNull(onBufferOverflow, "onBufferOverflow");
            return this;
        }

        /**
         * The handler that receives, exactly once, every element that was sent but will never be received. It runs on
         * the thread whose operation abandoned the element; an exception it throws reaches that thread wrapped in
         * {@link UndeliveredElementException}, and the channel stays consistent.
         */
        public Builder<E> onUndeliveredElement(Consumer<? super E> handler) {
            this.onUndeliveredElement = Objects.requireNonNull(handler, "onUndeliveredElement");
            return this;
        }

        /**
         * A name, shown by {@code toString()} and {@link ChannelStatistics#name()}. A named channel is listed by
         * {@link ChannelRegistry}, which holds it weakly, so monitoring (the {@code metrics} module) finds it.
         */
        public Builder<E> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A tracer for the channel's slow-path events (closed, cancelled, undelivered, dropped). */
        public Builder<E> tracer(ChannelTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /** Builds the channel. @throws IllegalArgumentException for an impossible capacity or capacity/policy pair. */
        public Channel<E> build() {
            // A named channel also reports to the tracers installed with ChannelRegistry.trace.
            ChannelTracer effective = name != null ? ChannelRegistry.tracerForNamedChannel(tracer) : tracer;
            Channel<E> channel = ChannelFactory.create(capacity, onBufferOverflow, onUndeliveredElement, name, effective);
            if (name != null) {
                ChannelRegistry.register(channel, name);
            }
            return channel;
        }
    }
}
