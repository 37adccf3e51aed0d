package dev.loomchan.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The one wake-up a virtual thread has put off: the thread of a {@link Waiter} it claimed while that waiter was
 * {@code NAPPING}, to be unparked when the resumer itself is about to wait, not at once.
 *
 * <h2>Why put a wake-up off</h2>
 * When a sender hands an element to a receiver parked on a buffered channel, an immediate {@code unpark} submits the
 * receiver to the virtual-thread scheduler, whose idle carrier takes it at once: sender and receiver then run side by
 * side on two cores, every element a cache line crossing between them, and the receiver, faster than the sender,
 * soon parks again, so each few elements cost a park, an unpark and a kernel wake-up of the idle carrier. Put off
 * until the sender parks, the unpark lands the receiver in the queue of the carrier the sender is about to leave, and
 * it drains what the sender buffered on the same core, while it is still in that core's cache. The two sides take
 * turns as coroutines do on Kotlin's dispatcher, whose resumed coroutine waits in its resumer's LIFO slot, unstealable
 * for 100 µs.
 *
 * <h2>Why the delay is bounded</h2>
 * Only a waiter whose owner naps can be claimed this way, and every nap ends within about {@link Waiter#NAP_NANOS}:
 * the {@link NapWatch} looks at every napping waiter once per tick, and unparks the owner of one that a resumer
 * claimed and has not woken yet. So if the resumer goes on running (a long computation, a blocking call of some other
 * library, its own end), the owner is woken by the watch and goes on. A waiter whose nap ended unclaimed is
 * {@code PARKED}, and its resumer unparks it at once, so an owner that has been waiting for long is never delayed. A
 * late unpark is harmless: every park in the engine re-reads its state after waking, and {@link LockSupport#park}
 * allows spurious wake-ups everywhere else.
 *
 * <h2>Cost</h2>
 * One field in the {@link ThreadWaits} of every thread, read on the slow paths only: by a resumer that claimed a
 * napping waiter, and by every thread about to wait ({@link Waiter#await}, through the waiter's own reference to its
 * owner's holder). A second put-off wake-up unparks the first at once, so no more than one is ever pending per thread.
 * Platform threads never put a wake-up off: nobody would take over their core.
 */
final class DeferredWake {
    private DeferredWake() {
    }

    /**
     * Called by the resumer that has just claimed {@code owner}'s napping waiter: unparks {@code owner} when the
     * current thread next waits (at once on a platform thread), and unparks the thread put off before, if any.
     */
    static void wakeLater(Thread owner) {
        if (!Thread.currentThread().isVirtual()) {
            LockSupport.unpark(owner);
            return;
        }
        ThreadWaits waits = ThreadWaits.current();
        Thread earlier = waits.putOff;
        waits.putOff = owner;
        if (earlier != null && earlier != owner) {
            LockSupport.unpark(earlier);
            waits.unparkedSinceWait = true;
        }
    }

    /** The thread whose wake-up the current thread has put off, or null; for tests. */
    static Thread pendingForCurrentThread() {
        return ThreadWaits.current().putOff;
    }

    /** Called by a thread about to wait: unparks the thread whose wake-up it put off, if any. */
    static void wakeNow() {
        if (Thread.currentThread().isVirtual()) {
            wakeNow(ThreadWaits.current());
        }
    }

    /**
     * As {@link #wakeNow()}, for the thread whose holder is {@code waits} (the current thread's: a waiter's owner
     * passes its own). A platform thread never has a wake-up put off.
     */
    static void wakeNow(ThreadWaits waits) {
        Thread pending = waits.putOff;
        if (pending != null) {
            waits.putOff = null;
            LockSupport.unpark(pending);
            waits.unparkedSinceWait = true;
        }
    }
}
