package dev.loomchan.benchmarks.peers;

/**
 * How the shapes name a channel's capacity, the same way for every peer (and the way Kotlin and loomchan do): 0 is a
 * rendezvous, {@link #UNLIMITED} an unbounded buffer, any other positive number a buffer of that size.
 */
public final class Capacities {
    /** No buffer: every send meets a receive. */
    public static final int RENDEZVOUS = 0;
    /** An unbounded buffer (Kotlin's {@code Channel.UNLIMITED}, loomchan's {@code Channel.UNLIMITED}). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private Capacities() {
    }

    /** The capacity as a person reads it: "rendezvous", "unlimited" or the number. */
    public static String describe(int capacity) {
        return switch (capacity) {
            case RENDEZVOUS -> "rendezvous";
            case UNLIMITED -> "unlimited";
            default -> Integer.toString(capacity);
        };
    }
}
