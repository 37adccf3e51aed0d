package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.ClosedReceiveChannelException;

/**
 * A receive loop's reusable waiter: one thread receiving again and again from one channel (a server's loop) parks on
 * the same {@link Waiter} every time instead of allocating one per wait.
 *
 * <h2>Why reuse needs care</h2>
 * A cell keeps pointing at the waiter published in it after the waiter was claimed: the resumer claims the waiter
 * first and marks the cell MATCHED afterwards. A waiter may be published again only when no thread can still read it
 * from an old cell and try to claim it there; otherwise that thread would claim the waiter's new wait with a stale
 * value. Who can resume a receiver's waiter?
 * <ul>
 *   <li>The sender of the same cell: it resumes once, and after that claim never touches the waiter again.</li>
 *   <li>The close sweep, which wakes the receivers waiting in cells that no sender reached before the close. It visits
 *   only cells at or above the senders counter it read after the close, and marks each cell CLOSED by CAS before it
 *   resumes the waiter it found there; a cell whose sender claimed the waiter may still show the waiter to it, but only
 *   if that sender incremented the counter after the close.</li>
 *   <li>Buffer expansion and cancel's removal of unprocessed elements never resume a receiver.</li>
 * </ul>
 * So the waiter is reused only when the wait ended with an element (not with the close) and the channel's close had
 * not begun when the owner looked after the claim. A sender that claimed the waiter after a close read the close
 * status in the same fetch-and-add that gave it the cell, and its claim is a CAS the owner read, so the owner sees the
 * close and allocates a fresh waiter instead. A close that begins after the owner's look finds a senders counter above
 * the claimed cell, so the sweep never reaches it. A waiter that was cancelled (interrupt, time-out) is dropped too.
 *
 * <p>Single-threaded: the first thread that receives owns the receiver; another thread gets an exception.
 */
public final class RecyclingReceiver {
    private final Thread owner = Thread.currentThread();
    private Waiter spare;

    /** A receiver for the current thread's receive loop. */
    public RecyclingReceiver() {
    }

    /**
     * Receives as {@link Channel#receive()} does, parking on the reused waiter when it must wait.
     *
     * @throws ClosedReceiveChannelException if the channel is closed and drained
     * @throws InterruptedException if interrupted while waiting (no element was taken)
     * @throws IllegalArgumentException if the channel was not built by loomchan
     */
    @SuppressWarnings("unchecked")
    public <E> E receive(Channel<E> channel) throws InterruptedException {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a RecyclingReceiver belongs to " + owner + ", not " + Thread.currentThread());
        }
        if (!(channel instanceof BufferedChannel<?> raw)) {
            throw new IllegalArgumentException("not a loomchan engine channel: " + channel);
        }
        BufferedChannel<E> engine = (BufferedChannel<E>) raw;
        Waiter w = spare;
        spare = null;
        if (w == null) {
            w = new Waiter();
        }
        w.reset();
        Object result = engine.receiveImpl(w);
        if (result == w) {
            result = engine.awaitReceive(w, false, 0L);
            if (result != BufferedChannel.CLOSED && !engine.closeStarted()) {
                spare = w; // claimed with an element before any close began: see the class comment
            }
        } else {
            spare = w; // never published
        }
        if (result == BufferedChannel.CLOSED) {
            throw engine.receiveException();
        }
        return (E) result;
    }
}
