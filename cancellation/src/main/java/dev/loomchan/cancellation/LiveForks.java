package dev.loomchan.cancellation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The bookkeeping that lets a scope wait for its forks and cancel them, at a constant cost per fork.
 *
 * <ul>
 *   <li>A counter of the body and the forks still running. It starts at one (the body), a fork is admitted only while
 *       it is above zero, and the scope is closed the moment it reaches zero: nothing can be forked into it later.
 *       Whoever brings it to zero unparks the owner, which waits for exactly that.</li>
 *   <li>The set of running forks, for cancellation to interrupt: forks leave it when they finish, so it only holds
 *       what is running. (A {@link ConcurrentHashMap} key set: its updates are compare-and-set on empty bins and a
 *       short bin lock otherwise, never held across a park.)</li>
 *   <li>A chain of finished threads, so that no thread is still alive when the scope returns without keeping a list
 *       of them: each finishing fork swaps itself in as the last finished thread and joins the one it replaced (a
 *       thread in its last instructions) before counting itself out; the owner joins the last one. Every fork thread
 *       is therefore joined by someone before the counter reaches zero, or by the owner right after.</li>
 * </ul>
 */
final class LiveForks {

    private final Thread owner;
    private final AtomicLong running = new AtomicLong(1);
    private final Set<Fork<?>> forks = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Thread> lastFinished = new AtomicReference<>();

    LiveForks(Thread owner) {
        this.owner = owner;
    }

    /** Counts in a new fork; {@code false} if the scope has closed (everything in it has finished). */
    boolean admit() {
        while (true) {
            long n = running.get();
            if (n == 0) {
                return false;
            }
            if (running.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Adds an admitted fork to the set that cancellation interrupts. */
    void register(Fork<?> fork) {
        forks.add(fork);
    }

    /** Called by a fork's own thread as its last act. */
    void forkFinished(Fork<?> fork) {
        forks.remove(fork);
        Thread previous = lastFinished.getAndSet(Thread.currentThread());
        if (previous != null) {
            joinUninterruptibly(previous);
        }
        countOut();
    }

    /** Called by the owner when the body has returned or thrown. */
    void bodyFinished() {
        countOut();
    }

    /** Cancels every fork still running. */
    void cancelAll() {
        for (Fork<?> fork : forks) {
            fork.cancel();
        }
    }

    /**
     * Parks the owner until every fork has finished and its thread has terminated. An interrupt does not end the wait:
     * it runs {@code onInterrupt} (which cancels the forks) once and the wait goes on.
     *
     * @return whether the owner was interrupted while waiting
     */
    boolean awaitAll(Runnable onInterrupt) {
        boolean interrupted = false;
        while (running.get() != 0) {
            LockSupport.park(this);
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                onInterrupt.run();
            }
        }
        Thread last = lastFinished.get();
        if (last != null) {
            interrupted |= joinUninterruptibly(last);
        }
        return interrupted;
    }

    private void countOut() {
        if (running.decrementAndGet() == 0 && Thread.currentThread() != owner) {
            LockSupport.unpark(owner);
        }
    }

    /** Joins {@code thread}, ignoring interrupts until it has terminated; returns whether one came. */
    private static boolean joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
