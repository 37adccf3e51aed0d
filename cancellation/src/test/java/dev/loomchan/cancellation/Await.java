package dev.loomchan.cancellation;

import dev.loomchan.reliability.Threads;
import java.util.concurrent.locks.LockSupport;

/** The waits this module's tests share, on channel-core's {@link Threads#awaitUntil}. */
final class Await {
    private Await() {
    }

    /** Waits until {@code t} is sleeping or parked with a time-out (TIMED_WAITING). */
    static void timedWaiting(Thread t) {
        Threads.awaitUntil(t.getName() + " is in a timed wait", () -> t.getState() == Thread.State.TIMED_WAITING);
    }

    /** Waits until {@code owner}, whose scope's body has returned, is parked waiting for that scope's forks. */
    static void waitingForForks(Thread owner) {
        Threads.awaitUntil(owner.getName() + " is parked waiting for its scope's forks",
                () -> LockSupport.getBlocker(owner) instanceof LiveForks);
    }
}
