package dev.loomchan.benchmarks.peers;

/**
 * How the busy-spinning peers wait: {@link Thread#onSpinWait()} on every miss, and {@link Thread#yield()} after every
 * {@value #SPINS_BEFORE_YIELD} misses in a row, so that a run with more spinning threads than cores (MPMC with 4 + 4
 * threads on 2 cores) still moves. It never parks: these peers measure what a hand-off costs without a scheduler.
 */
final class SpinWait {
    static final int SPINS_BEFORE_YIELD = 1_000;

    private int misses;

    /** Called after each failed attempt. */
    void miss() throws InterruptedException {
        if (++misses % SPINS_BEFORE_YIELD == 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }
}
