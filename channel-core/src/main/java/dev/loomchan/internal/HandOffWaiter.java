package dev.loomchan.internal;

import dev.loomchan.Channel;

/**
 * A sender that waits in its rendezvous cell as itself: the element it sends and the token the engine resumes are one
 * object, so handing it over allocates nothing beyond that object. The rendezvous module's calls are such senders: a
 * call sits in its cell until a server takes it, and then, still the same object, carries the reply slot back.
 *
 * <h2>Protocol</h2>
 * {@link #sendTo} runs the engine's ordinary send with this object as the waiter to publish. It ends in one of three
 * ways: {@link #HANDED_OVER} (a receiver was waiting and now holds the element; this object was never published),
 * {@link #PUBLISHED} (the object sits in a cell; the engine will call {@link #onTaken()} when a receiver claims it, or
 * {@link #onChannelCancelled()} when the channel is cancelled under it) or {@link #CLOSED} (the channel is closed for
 * send; the element is still the caller's). Each callback runs at most once, in the thread that found the waiter in
 * the cell, and decides with one CAS on the subclass's own state whether the waiter is still there to be taken: true
 * hands the element over (or, on cancellation, to onUndeliveredElement), false says the owner gave up first.
 *
 * <p>An owner that gives up wins its own CAS first (so both callbacks answer false from then on) and then calls
 * {@link #withdraw()}, which marks the cell interrupted exactly as a cancelled blocking send does.
 *
 * <h2>Memory ordering</h2>
 * Publication is the engine's CAS of the cell state; the callbacks run after the resumer read that state, so
 * everything the owner wrote before {@code sendTo} is visible to them. What the callbacks publish back to the owner is
 * the subclass's business (its state word is expected to be volatile and changed by CAS).
 */
public abstract class HandOffWaiter extends CellWaiter implements SchedulerProbe.Watched {
    /** {@link #sendTo}: a waiting receiver took the element at once. */
    public static final int HANDED_OVER = 0;
    /** {@link #sendTo}: the waiter sits in a cell until a receiver or a cancellation resumes it. */
    public static final int PUBLISHED = 1;
    /** {@link #sendTo}: the channel is closed for send; nothing was handed over. */
    public static final int CLOSED = 2;

    /** Spins before a platform thread parks, as for the engine's own waiters. */
    public static final int SPINS = Waiter.SPINS;
    /** Yields before a virtual thread parks, as for the engine's own waiters. */
    public static final int YIELDS = Waiter.YIELDS;

    private BufferedChannel<?> publishedIn;

    /**
     * Owner only, before it waits in any way: unparks the thread whose wake-up the current thread put off when it
     * resumed a napping waiter of a buffered channel ({@code DeferredWake}), as the engine's own waits do.
     */
    protected static void wakeDeferred() {
        DeferredWake.wakeNow();
    }

    /**
     * Owner only, on a virtual thread, before it yields and parks: spins as the engine's waiters on rendezvous
     * channels do, if no virtual thread is queued for a carrier (see {@code SchedulerProbe}), until
     * {@link #waitEnded()}. True if the wait ended meanwhile; false at once where the JDK does not tell (before 24).
     */
    protected final boolean spinWhileNobodyQueued() {
        return Waiter.VIRTUAL_SPINS > 0 && SchedulerProbe.mayVirtualThreadSpin()
                && SchedulerProbe.spinWhileNobodyQueued(this, Waiter.VIRTUAL_SPINS);
    }

    /** Owner only: true once the owner's wait ended; what {@link #spinWhileNobodyQueued()} watches. */
    @Override
    public abstract boolean waitEnded();

    protected HandOffWaiter() {
    }

    /**
     * Sends {@code element} to {@code channel}, a rendezvous channel built by loomchan, publishing this waiter if no
     * receiver is waiting. Called once per waiter, by its owner.
     *
     * @return {@link #HANDED_OVER}, {@link #PUBLISHED} or {@link #CLOSED}
     * @throws IllegalArgumentException if the channel is not one of loomchan's rendezvous channels
     */
    @SuppressWarnings("unchecked")
    public final <E> int sendTo(Channel<E> channel, E element) {
        if (!(channel instanceof BufferedChannel<?> engine) || engine.capacity != 0
                || engine.getClass() != BufferedChannel.class) {
            throw new IllegalArgumentException("a hand-off waiter needs a loomchan rendezvous channel, not " + channel);
        }
        if (publishedIn != null) {
            throw new IllegalStateException("a hand-off waiter is sent once");
        }
        Object result = ((BufferedChannel<E>) engine).sendImpl(element, this);
        if (result == this) {
            publishedIn = engine;
            return PUBLISHED;
        }
        return result == BufferedChannel.DONE ? HANDED_OVER : CLOSED;
    }

    /**
     * Owner only, after it won the race against {@link #onTaken()} (so the waiter will never be taken): clears the
     * cell the waiter was published in, as a cancelled send does. Does nothing if it was never published.
     */
    public final void withdraw() {
        BufferedChannel<?> channel = publishedIn;
        if (channel != null) {
            segment.onWaiterCancelled(index, true);
            channel.counters.cancelledSenders.increment();
        }
    }

    /**
     * A receiver found the waiter in its cell. Returns true to hand the element over (the receive completes with it),
     * false if the owner gave up first. Runs in the receiver's thread; must not block.
     */
    protected abstract boolean onTaken();

    /**
     * The channel was cancelled while the waiter sat in its cell. Returns true if the owner had not given up (the
     * element then goes to the channel's onUndeliveredElement), false otherwise. Must not block.
     */
    protected abstract boolean onChannelCancelled();

    @Override
    final int resume(Object value) {
        boolean won = value == Waiter.DONE ? onTaken() : onChannelCancelled();
        return won ? RESUMED : FAILED;
    }
}
