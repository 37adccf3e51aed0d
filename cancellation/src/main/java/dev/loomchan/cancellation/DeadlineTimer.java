package dev.loomchan.cancellation;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one clock behind every {@code withTimeout}: a single daemon platform thread that fires deadlines. A deadline's
 * whole work is one {@link InterruptFrame#fire()} (a compare-and-set and an interrupt), so one thread keeps up with
 * any number of them; a deadline that is not reached is removed from the queue when its call returns, so a program
 * that sets millions of generous deadlines does not accumulate them. A virtual thread sleeping per deadline would cost
 * a thread, a stack and a park/unpark pair for every call, most of which never time out.
 */
final class DeadlineTimer {

    private static final ScheduledThreadPoolExecutor CLOCK = startClock();

    private DeadlineTimer() {
    }

    /** Runs {@code action} on the clock thread after {@code nanos}; cancel the returned future if no longer needed. */
    static ScheduledFuture<?> schedule(Runnable action, long nanos) {
        return CLOCK.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }

    /** How many deadlines are waiting on the clock (for tests). */
    static int pending() {
        return CLOCK.getQueue().size();
    }

    private static ScheduledThreadPoolExecutor startClock() {
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "loomchan-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        clock.setRemoveOnCancelPolicy(true);
        return clock;
    }
}
