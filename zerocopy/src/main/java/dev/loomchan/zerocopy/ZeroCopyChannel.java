package dev.loomchan.zerocopy;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.SelectClause;

import java.time.Duration;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A loomchan {@link Channel} of {@link Descriptor}s that moves ownership: once a send is accepted the sender's handle
 * is dead, and the receiver owns the descriptor when its receive returns. Only the reference travels; the payload
 * stays in its slot.
 *
 * <p>Any kind of channel can carry descriptors (rendezvous, buffered, unlimited, conflated, {@code DROP_OLDEST},
 * {@code DROP_LATEST}); this class wraps one and installs its {@code onUndeliveredElement}, which gives every
 * descriptor the channel cannot deliver (close, cancel, a dropped element, an interrupted send) back to its pool. So
 * nothing leaks: every descriptor sent is received exactly once or returned to the pool exactly once.
 *
 * <p>The rules, checked on every call (see {@link Descriptor}):
 * <ul>
 *   <li>a send takes a descriptor the calling thread owns, from this channel's pool; anything else throws
 *       {@link DescriptorMisuseException} and sends nothing;</li>
 *   <li>a send that does not happen (a {@code trySend} failure, a timed send's time-out, a select that chooses another
 *       clause) leaves the descriptor with the sender, alive;</li>
 *   <li>a send that fails because the channel is closed or cancelled, or is interrupted, returns the descriptor to
 *       the pool, as the underlying channel's contract hands it to {@code onUndeliveredElement};</li>
 *   <li>every receive (blocking, timed, try, catching, iterator, select clause) makes the receiving thread the
 *       owner before the descriptor reaches the caller.</li>
 * </ul>
 */
public final class ZeroCopyChannel implements Channel<Descriptor> {
    private final DescriptorPool pool;
    private final Channel<Descriptor> channel;

    private ZeroCopyChannel(DescriptorPool pool, int capacity, BufferOverflow overflow, String name) {
        this.pool = Objects.requireNonNull(pool, "pool");
        Channel.Builder<Descriptor> builder = Channel.<Descriptor>builder()
                .capacity(capacity)
                .onBufferOverflow(overflow)
                .onUndeliveredElement(Descriptor::reclaimUndelivered);
        if (name != null) {
            builder.name(name);
        }
        this.channel = builder.build();
    }

    /**
     * A channel of {@code pool}'s descriptors with the given capacity ({@link Channel#RENDEZVOUS},
     * {@link Channel#CONFLATED}, {@link Channel#BUFFERED}, {@link Channel#UNLIMITED} or a size) and overflow policy,
     * as {@link Channel#create(int, BufferOverflow)}.
     */
    public static ZeroCopyChannel create(DescriptorPool pool, int capacity, BufferOverflow onBufferOverflow) {
        return new ZeroCopyChannel(pool, capacity, Objects.requireNonNull(onBufferOverflow, "onBufferOverflow"), null);
    }

    /** As {@link #create(DescriptorPool, int, BufferOverflow)}, with a name shown by {@link #toString()}. */
    public static ZeroCopyChannel create(DescriptorPool pool, int capacity, BufferOverflow onBufferOverflow,
                                         String name) {
        return new ZeroCopyChannel(pool, capacity, Objects.requireNonNull(onBufferOverflow, "onBufferOverflow"),
                Objects.requireNonNull(name, "name"));
    }

    /** A rendezvous channel of {@code pool}'s descriptors. */
    public static ZeroCopyChannel rendezvous(DescriptorPool pool) {
        return create(pool, RENDEZVOUS, BufferOverflow.SUSPEND);
    }

    /** A channel of {@code pool}'s descriptors buffering up to {@code capacity} of them. */
    public static ZeroCopyChannel buffered(DescriptorPool pool, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("buffered(pool, capacity): capacity must be >= 0, was " + capacity);
        }
        return create(pool, capacity, BufferOverflow.SUSPEND);
    }

    /** An unbounded channel of {@code pool}'s descriptors (the pool itself bounds how many can be in flight). */
    public static ZeroCopyChannel unlimited(DescriptorPool pool) {
        return create(pool, UNLIMITED, BufferOverflow.SUSPEND);
    }

    /** A channel keeping only the latest descriptor; each one it replaces goes back to the pool. */
    public static ZeroCopyChannel conflated(DescriptorPool pool) {
        return create(pool, CONFLATED, BufferOverflow.SUSPEND);
    }

    /** The pool whose descriptors this channel carries. */
    public DescriptorPool pool() {
        return pool;
    }

    // ---- sending: the sender's handle dies before the element is offered -------------------------------------------

    @Override
    public void send(Descriptor descriptor) throws InterruptedException {
        handOver(descriptor);
        channel.send(descriptor);
    }

    @Override
    public boolean send(Descriptor descriptor, Duration timeout) throws InterruptedException {
        Thread sender = handOver(descriptor);
        boolean sent = channel.send(descriptor, timeout);
        if (!sent) {
            descriptor.sendUndone(sender);
        }
        return sent;
    }

    @Override
    public ChannelResult<Void> trySend(Descriptor descriptor) {
        Thread sender = handOver(descriptor);
        ChannelResult<Void> result = channel.trySend(descriptor);
        if (!result.isSuccess()) {
            descriptor.sendUndone(sender);
        }
        return result;
    }

    /**
     * A select clause sending {@code descriptor}. The checks run now, on the thread building the select, which must own
     * the descriptor; the descriptor becomes in flight when the select chooses this clause (or when a receiver takes
     * it, whichever comes first), and stays the sender's if the select chooses another clause.
     */
    @Override
    public <R> SelectClause<R> onSend(Descriptor descriptor, Supplier<? extends R> block) {
        Objects.requireNonNull(block, "block");
        pool.checkMine(descriptor);
        descriptor.checkAccess();
        descriptor.markOfferedBySelect();
        Thread sender = Thread.currentThread();
        return channel.onSend(descriptor, () -> {
            descriptor.sentBySelect(sender);
            return block.get();
        });
    }

    /**
     * Sends the longest prefix of {@code descriptors} that the channel can take now, as a run (see
     * {@link Channel#trySendAll}). Every descriptor is checked first, and all become in flight; those after the
     * prefix stay the sender's, alive.
     *
     * @throws DescriptorMisuseException if any descriptor is not the caller's or not from this channel's pool (or
     *                                   appears twice): then nothing is sent and every descriptor stays the caller's
     */
    @Override
    public int trySendAll(List<? extends Descriptor> descriptors) {
        Thread sender = handOverAll(descriptors);
        int sent = channel.trySendAll(descriptors);
        for (int i = sent, n = descriptors.size(); i < n; i++) {
            descriptors.get(i).sendUndone(sender);
        }
        return sent;
    }

    /**
     * Sends every descriptor, in order, in runs (see {@link Channel#sendAll}). If the channel closes or the thread is
     * interrupted, the descriptors not sent go back to the pool, as a failed {@link #send} returns its one.
     *
     * @throws DescriptorMisuseException as {@link #trySendAll}
     */
    @Override
    public void sendAll(List<? extends Descriptor> descriptors) throws InterruptedException {
        handOverAll(descriptors);
        channel.sendAll(descriptors);
    }

    /** Checks and marks in flight every descriptor of a batch, or none of them; returns the sender. */
    private Thread handOverAll(List<? extends Descriptor> descriptors) {
        Objects.requireNonNull(descriptors, "descriptors");
        Thread sender = Thread.currentThread();
        int marked = 0;
        try {
            for (int n = descriptors.size(); marked < n; marked++) {
                Descriptor descriptor = Objects.requireNonNull(descriptors.get(marked), "descriptor");
                pool.checkMine(descriptor);
                descriptor.sendBy(sender);
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < marked; i++) {
                descriptors.get(i).sendUndone(sender);
            }
            throw e;
        }
        return sender;
    }

    /** Checks that the caller may send {@code descriptor} here and marks it in flight; returns the sender. */
    private Thread handOver(Descriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        pool.checkMine(descriptor);
        Thread sender = Thread.currentThread();
        descriptor.sendBy(sender);
        return sender;
    }

    // ---- receiving: the receiver owns the descriptor before the caller sees it ----------------------------------------

    @Override
    public Descriptor receive() throws InterruptedException {
        return received(channel.receive());
    }

    @Override
    public Descriptor receive(Duration timeout) throws InterruptedException {
        Descriptor descriptor = channel.receive(timeout);
        return descriptor == null ? null : received(descriptor);
    }

    @Override
    public ChannelResult<Descriptor> receiveCatching() throws InterruptedException {
        return received(channel.receiveCatching());
    }

    @Override
    public ChannelResult<Descriptor> tryReceive() {
        return received(channel.tryReceive());
    }

    @Override
    public ChannelIterator<Descriptor> iterator() {
        ChannelIterator<Descriptor> inner = channel.iterator();
        return new ChannelIterator<>() {
            @Override
            public boolean hasNext() throws InterruptedException {
                return inner.hasNext();
            }

            @Override
            public Descriptor next() {
                return received(inner.next());
            }
        };
    }

    @Override
    public <R> SelectClause<R> onReceive(Function<? super Descriptor, ? extends R> block) {
        Objects.requireNonNull(block, "block");
        return channel.onReceive(descriptor -> block.apply(received(descriptor)));
    }

    @Override
    public <R> SelectClause<R> onReceiveCatching(Function<? super ChannelResult<Descriptor>, ? extends R> block) {
        Objects.requireNonNull(block, "block");
        return channel.onReceiveCatching(result -> block.apply(received(result)));
    }

    /** Takes a run of ready descriptors (see {@link Channel#drainTo}); the caller owns each before {@code sink} sees it. */
    @Override
    public int drainTo(Collection<? super Descriptor> sink, int maxElements) {
        return channel.drainTo(new ReceivingSink(sink), maxElements);
    }

    /** Waits for one descriptor, then takes a run (see {@link Channel#receiveMany}); the caller owns each. */
    @Override
    public int receiveMany(Collection<? super Descriptor> sink, int maxElements) throws InterruptedException {
        return channel.receiveMany(new ReceivingSink(sink), maxElements);
    }

    /**
     * The collection a batch receive of the wrapped channel fills: it makes the receiving thread the owner of each
     * descriptor, then adds it to the caller's collection. If that collection refuses it, the descriptor goes back in
     * flight before the exception reaches the channel, which then returns it to the pool as undelivered.
     */
    private static final class ReceivingSink extends AbstractCollection<Descriptor> {
        private final Collection<? super Descriptor> sink;
        private final Thread receiver = Thread.currentThread();

        ReceivingSink(Collection<? super Descriptor> sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        @Override
        public boolean add(Descriptor descriptor) {
            descriptor.receivedInRunBy(receiver);
            try {
                return sink.add(descriptor);
            } catch (RuntimeException | Error e) {
                descriptor.backInFlight(receiver);
                throw e;
            }
        }

        @Override
        public Iterator<Descriptor> iterator() {
            throw new UnsupportedOperationException("a receiving sink is only added to");
        }

        @Override
        public int size() {
            return 0;
        }
    }

    private Descriptor received(Descriptor descriptor) {
        descriptor.receivedBy(Thread.currentThread());
        return descriptor;
    }

    private ChannelResult<Descriptor> received(ChannelResult<Descriptor> result) {
        if (result.isSuccess()) {
            received(result.getOrThrow());
        }
        return result;
    }

    // ---- the rest is the underlying channel's ------------------------------------------------------------------------

    @Override
    public boolean close(Throwable cause) {
        return channel.close(cause);
    }

    @Override
    public boolean isClosedForSend() {
        return channel.isClosedForSend();
    }

    @Override
    public void invokeOnClose(Consumer<? super Throwable> handler) {
        channel.invokeOnClose(handler);
    }

    @Override
    public boolean isClosedForReceive() {
        return channel.isClosedForReceive();
    }

    @Override
    public boolean isEmpty() {
        return channel.isEmpty();
    }

    @Override
    public void cancel(Throwable cause) {
        channel.cancel(cause);
    }

    @Override
    public dev.loomchan.ChannelStatistics statistics() {
        return channel.statistics(); // the wrapped channel's: every descriptor passes through it
    }

    @Override
    public String debugString() {
        return channel.debugString();
    }

    @Override
    public String toString() {
        return "ZeroCopyChannel{pool '" + pool.name() + "', " + channel + "}";
    }
}
