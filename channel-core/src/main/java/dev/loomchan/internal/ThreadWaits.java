package dev.loomchan.internal;

/**
 * What one thread keeps from one wait to the next: its spare {@link Waiter} and the wake-up it put off
 * ({@link DeferredWake}). One holder per thread that ever waits or puts a wake-up off, in one {@link ThreadLocal}; a
 * waiter keeps its owner's holder, so that its own waits reach both without looking the holder up again. Only the
 * holder's thread reads or writes it.
 */
final class ThreadWaits {
    private static final ThreadLocal<ThreadWaits> CURRENT = ThreadLocal.withInitial(ThreadWaits::new);

    /** The waiter of the thread's last completed wait, ready for its next ({@link Waiter#obtain()}), or null. */
    Waiter spare;
    /** The thread whose wake-up this thread put off ({@link DeferredWake}), or null. */
    Thread putOff;
    /**
     * True once this thread unparked a waiter since its last active wait: the woken thread is then queued on this
     * thread's carrier and is likely its partner, which a spin would only keep waiting ({@link Waiter}).
     */
    boolean unparkedSinceWait;

    private ThreadWaits() {
    }

    /** Notes that the current thread, if virtual, has just unparked a thread; see {@link #unparkedSinceWait}. */
    static void unparked() {
        if (Thread.currentThread().isVirtual()) {
            CURRENT.get().unparkedSinceWait = true;
        }
    }

    /** The current thread's holder. */
    static ThreadWaits current() {
        return CURRENT.get();
    }
}
