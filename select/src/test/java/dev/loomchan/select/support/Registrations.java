package dev.loomchan.select.support;

import dev.loomchan.Channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Counts the select registrations a channel still holds in its cells, read from the channel's own cell dump
 * ({@link Channel#debugString()}), where a registration shows as {@code SelectClause[i of select(...)]}, bare or
 * wrapped by the buffer expansion as {@code EB(...)}. After a select returned or threw, none of its registrations may
 * be left.
 */
public final class Registrations {
    private static final String REGISTRATION = "SelectClause[";
    private static final String TRUNCATED = "... more segments";

    private Registrations() {
    }

    /** The number of cells of {@code channel} that hold a select registration. */
    public static int in(Channel<?> channel) {
        String dump = channel.debugString();
        if (dump.contains(TRUNCATED)) {
            fail("the dump of " + channel + " is cut short; the test keeps too many segments alive to check");
        }
        int n = 0;
        for (String line : dump.split("\n")) {
            if (line.contains(REGISTRATION)) {
                n++;
            }
        }
        return n;
    }

    /** Fails unless no select registration is left in any of the channels. */
    public static void assertNoneLeft(Channel<?>... channels) {
        for (Channel<?> ch : channels) {
            assertEquals(0, in(ch), () -> "select registrations left behind in\n" + ch.debugString());
        }
    }
}
