package dev.loomchan.stress;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.support.ChannelKind;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The channels of one round: one, or two of the same kind so that selects can span channels. They share the round's
 * undelivered-element handler, so the books of a round do not care which channel an element went through.
 */
final class RoundChannels {
    private static final int DEBUG_STRING_LIMIT = 6_000;

    private final List<Channel<Item>> channels = new ArrayList<>();

    RoundChannels(ChannelKind kind, int count, Consumer<Item> onUndelivered) {
        for (int i = 0; i < count; i++) {
            channels.add(kind.create(onUndelivered));
        }
    }

    int count() {
        return channels.size();
    }

    Channel<Item> get(int index) {
        return channels.get(index);
    }

    /** A channel index drawn at random. */
    int pick(SplittableRandom random) {
        return channels.size() == 1 ? 0 : random.nextInt(channels.size());
    }

    /** Closes or cancels every channel, in order, as the round's plan says. */
    void end(RoundPlan.Ending ending, Throwable cause) {
        for (Channel<Item> channel : channels) {
            switch (ending) {
                case CLOSE -> channel.close();
                case CLOSE_WITH_CAUSE -> channel.close(cause);
                case CANCEL -> channel.cancel();
            }
        }
    }

    /** Cancels every channel, ignoring failures: frees threads that hung. */
    void cancelQuietly() {
        for (Channel<Item> channel : channels) {
            try {
                channel.cancel();
            } catch (Throwable ignored) {
                // Freeing the threads is best effort.
            }
        }
    }

    /** Once every worker saw every channel closed, each must say so itself, and hold nothing. */
    void checkFinalState(ViolationLog violations) {
        for (int i = 0; i < channels.size(); i++) {
            Channel<Item> channel = channels.get(i);
            String which = channels.size() == 1 ? "" : " of channel " + i;
            try {
                if (!channel.isClosedForSend()) {
                    violations.add(Invariant.ERRORS, "after the round, isClosedForSend()" + which + " is false");
                }
                if (!channel.isClosedForReceive()) {
                    violations.add(Invariant.ERRORS, "after every consumer saw the channel closed, isClosedForReceive()"
                            + which + " is false");
                }
                ChannelResult<Item> r = channel.tryReceive();
                if (!r.isClosed()) {
                    violations.add(Invariant.ERRORS, "after every consumer saw the channel closed, tryReceive()"
                            + which + " returned " + r);
                }
            } catch (Throwable t) {
                violations.add(Invariant.ERRORS, "checking channel " + i + " after the round threw " + t);
            }
        }
    }

    /** The cell dump of every channel, shortened if long; never throws. */
    String debugString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < channels.size(); i++) {
            String debug;
            try {
                debug = channels.get(i).debugString();
                if (debug.length() > DEBUG_STRING_LIMIT) {
                    debug = debug.substring(0, DEBUG_STRING_LIMIT) + "\n... (" + (debug.length() - DEBUG_STRING_LIMIT)
                            + " more characters)";
                }
            } catch (Throwable t) {
                debug = "debugString() threw " + t;
            }
            sb.append("\n      channel ").append(i).append(": ").append(debug.replace("\n", "\n        "));
        }
        return sb.toString();
    }
}
