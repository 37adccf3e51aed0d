package dev.loomchan.stress;

import dev.loomchan.Channel;
import dev.loomchan.SelectClause;
import dev.loomchan.select.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A producer's send through a select of a random shape: an {@code onSend} clause alone; the same element offered to
 * both channels of the round (or twice to the one channel), of which at most one may take it; or an {@code onSend}
 * clause raced against a time-out or a default clause. Biased or unbiased at random.
 *
 * <p>The answer says whether an {@code onSend} clause was chosen. When it was not (the time-out or the default was
 * chosen), nothing was sent and the element is still the producer's. The exceptions are the select's own: an
 * interrupted select sent nothing either, while a chosen clause that found its channel closed or cancelled handed the
 * element to {@code onUndeliveredElement} and threw.
 */
final class SelectSend {
    private SelectSend() {
    }

    /** Offers {@code item} through one select; true when an onSend clause was chosen. */
    static boolean send(RoundChannels channels, Item item, SplittableRandom random) throws InterruptedException {
        int first = channels.pick(random);
        Channel<Item> channel = channels.get(first);
        List<SelectClause<Boolean>> clauses = new ArrayList<>();
        clauses.add(channel.onSend(item, () -> true));
        switch (random.nextInt(4)) {
            case 0 -> {
                // an onSend clause alone: a send that waits like send()
            }
            case 1 -> {
                Channel<Item> second = channels.count() > 1 ? channels.get(1 - first) : channel;
                clauses.add(second.onSend(item, () -> true));
                if (random.nextInt(4) == 0) {
                    clauses.add(Select.onTimeout(Timeouts.random(random), () -> false));
                }
            }
            case 2 -> clauses.add(Select.onTimeout(Timeouts.random(random), () -> false));
            default -> clauses.add(Select.onDefault(() -> false));
        }
        return random.nextBoolean() ? Select.select(clauses) : Select.selectUnbiased(asArray(clauses));
    }

    @SuppressWarnings("unchecked")
    private static SelectClause<Boolean>[] asArray(List<SelectClause<Boolean>> clauses) {
        return clauses.toArray(new SelectClause[0]);
    }
}
