package dev.loomchan.stress;

import java.time.Duration;
import java.util.SplittableRandom;

/** The time-outs of timed sends and receives and of select time-out clauses. */
final class Timeouts {
    private Timeouts() {
    }

    /** Zero (the call or clause gives up at once), a few microseconds, or up to two milliseconds. */
    static Duration random(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Duration.ZERO;
            case 1 -> Duration.ofNanos(1_000 + random.nextInt(100_000));
            default -> Duration.ofNanos(100_000 + random.nextInt(1_900_000));
        };
    }
}
