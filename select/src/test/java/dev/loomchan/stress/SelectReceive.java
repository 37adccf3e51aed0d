package dev.loomchan.stress;

import dev.loomchan.ChannelResult;
import dev.loomchan.SelectClause;
import dev.loomchan.select.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A consumer's receive through a select of a random shape over the channels it still reads: an {@code onReceive} or
 * {@code onReceiveCatching} clause alone; clauses on both channels of the round (or two on the one channel), of
 * which exactly one may take an element; or a receive clause raced against a time-out or a default clause. Biased or
 * unbiased at random.
 */
final class SelectReceive {
    /**
     * What the select chose: an element of channel {@code channel}, the close of that channel as an
     * {@code onReceiveCatching} result, or, for {@link #NOTHING}, the time-out or the default.
     */
    record Outcome(int channel, Item item, ChannelResult<Item> closed) {
        static final Outcome NOTHING = new Outcome(-1, null, null);
    }

    private SelectReceive() {
    }

    /** Receives through one select over {@code open}, the indexes of the channels the consumer still reads. */
    static Outcome receive(RoundChannels channels, int[] open, SplittableRandom random) throws InterruptedException {
        int first = open[random.nextInt(open.length)];
        List<SelectClause<Outcome>> clauses = new ArrayList<>();
        clauses.add(clause(channels, first, random));
        switch (random.nextInt(4)) {
            case 0 -> {
                // a receive clause alone: waits like receive() or receiveCatching()
            }
            case 1 -> {
                int second = open.length == 1 ? first : open[0] == first ? open[1] : open[0];
                clauses.add(clause(channels, second, random));
                if (random.nextInt(4) == 0) {
                    clauses.add(Select.onTimeout(Timeouts.random(random), () -> Outcome.NOTHING));
                }
            }
            case 2 -> clauses.add(Select.onTimeout(Timeouts.random(random), () -> Outcome.NOTHING));
            default -> clauses.add(Select.onDefault(() -> Outcome.NOTHING));
        }
        return random.nextBoolean() ? Select.select(clauses) : Select.selectUnbiased(asArray(clauses));
    }

    /** {@code onReceive} or {@code onReceiveCatching} on channel {@code index}, at random. */
    private static SelectClause<Outcome> clause(RoundChannels channels, int index, SplittableRandom random) {
        if (random.nextBoolean()) {
            return channels.get(index).onReceive(item -> new Outcome(index, item, null));
        }
        return channels.get(index).onReceiveCatching(r -> r.isSuccess()
                ? new Outcome(index, r.getOrNull(), null)
                : new Outcome(index, null, r));
    }

    @SuppressWarnings("unchecked")
    private static SelectClause<Outcome>[] asArray(List<SelectClause<Outcome>> clauses) {
        return clauses.toArray(new SelectClause[0]);
    }
}
