package dev.loomchan.stress;

import java.util.SplittableRandom;

/**
 * Random interruptions within one round: before each operation, a worker asks this to interrupt, with probability
 * {@code rate}, a random worker of the round (possibly itself, which leaves its own interrupt flag set for the next
 * blocking call).
 */
final class Interrupter {
    private final double rate;
    private volatile Thread[] targets = new Thread[0];

    Interrupter(double rate) {
        this.rate = rate;
    }

    /** Sets the threads to pick from; called once all of the round's workers have started. */
    void arm(Thread[] threads) {
        targets = threads.clone();
    }

    /** Stops interrupting (the round is over). */
    void disarm() {
        targets = new Thread[0];
    }

    void maybeInterrupt(SplittableRandom random) {
        if (rate > 0 && random.nextDouble() < rate) {
            Thread[] ts = targets;
            if (ts.length > 0) {
                ts[random.nextInt(ts.length)].interrupt();
            }
        }
    }
}
