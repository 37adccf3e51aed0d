package dev.loomchan.benchmarks.peers;

import java.util.concurrent.locks.LockSupport;

/**
 * How the busy-spinning peers wait for their partner: {@link Thread#onSpinWait()} for the first
 * {@value #SPINS_BEFORE_YIELD} misses in a row, then {@link Thread#yield()}, and after {@value #MISSES_BEFORE_SLEEP}
 * misses a sleep of {@value #SLEEP_NANOS} ns per miss. In a steady hand-off the partner answers within the first
 * phase, so the numbers are those of pure spinning. The later phases only matter when the partner is not running at
 * all: on 2 cores, two spinners can starve the JIT compiler during warm-up (a first invocation then crawls at tens of
 * microseconds per element), and MPMC runs 4 + 4 spinning threads; there they let the machine move on.
 */
final class SpinWait {
    static final int SPINS_BEFORE_YIELD = 1_000;
    static final int MISSES_BEFORE_SLEEP = 10_000;
    static final long SLEEP_NANOS = 50_000;

    private int misses;

    /** Called after each failed attempt. */
    void miss() throws InterruptedException {
        if (++misses < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
            return;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (misses < MISSES_BEFORE_SLEEP) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(this, SLEEP_NANOS);
        }
    }
}
