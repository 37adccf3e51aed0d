package dev.loomchan.internal;

import java.time.Duration;
import java.util.Objects;

/** How long a timed operation may wait, in nanoseconds: the one conversion every timed wait of loomchan uses. */
public final class WaitTime {
    /** About 146 years: "for ever", yet far enough from overflow that {@code now + nanos} stays a valid deadline. */
    static final long FOR_EVER = Long.MAX_VALUE / 2;

    private WaitTime() {
    }

    /**
     * {@code timeout} in nanoseconds: 0 for a zero or negative time-out, {@link #FOR_EVER} for one too long to count
     * in nanoseconds.
     *
     * @throws NullPointerException if {@code timeout} is null (the message names it)
     */
    public static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            return 0L;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return FOR_EVER;
        }
    }
}
