package dev.loomchan.select.properties;

import dev.loomchan.Channel;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.SelectClause;
import dev.loomchan.select.Select;
import dev.loomchan.select.properties.Ledger.Outcome;
import dev.loomchan.select.support.Deliveries.Item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A producer of a run: sends its items in order, each through a plain {@code send} to a random channel or through a
 * select of {@code onSend} clauses over a random few (a channel may be listed twice), sometimes with a default or a
 * short time-out. It records each outcome, checks that a select ran exactly one block, and stops at a closed channel.
 */
final class Producer implements Runnable {
    private static final int DEFAULT = -1;
    private static final int TIMED_OUT = -2;

    private final int id;
    private final Scenario s;
    private final List<Channel<Item>> channels;
    private final Ledger ledger;

    Producer(int id, Scenario s, List<Channel<Item>> channels, Ledger ledger) {
        this.id = id;
        this.s = s;
        this.channels = channels;
        this.ledger = ledger;
    }

    @Override
    public void run() {
        for (int seq = 0; seq < s.perProducer(); seq++) {
            Item item = new Item(id, seq);
            Outcome outcome = ThreadLocalRandom.current().nextInt(3) == 0 ? sendPlainly(item) : sendThroughSelect(item);
            if (outcome == Outcome.CLOSED || outcome == Outcome.CANCELLED) {
                break;
            }
        }
    }

    private Outcome sendPlainly(Item item) {
        int j = ThreadLocalRandom.current().nextInt(channels.size());
        try {
            channels.get(j).send(item);
            return record(item, Outcome.SENT, j);
        } catch (InterruptedException e) {
            return record(item, Outcome.INTERRUPTED, -1);
        } catch (ClosedSendChannelException e) {
            return record(item, Outcome.CLOSED, -1);
        } catch (CancellationException e) {
            return record(item, Outcome.CANCELLED, -1);
        } catch (RuntimeException | Error e) {
            ledger.problem("send threw " + e);
            return record(item, Outcome.CANCELLED, -1);
        }
    }

    private Outcome sendThroughSelect(Item item) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int[] blocks = {0};
        List<SelectClause<Integer>> clauses = new ArrayList<>();
        for (int k = 1 + rnd.nextInt(Math.min(3, channels.size() + 1)); k > 0; k--) {
            int j = rnd.nextInt(channels.size());
            clauses.add(channels.get(j).onSend(item, () -> ran(blocks, j)));
        }
        int extra = rnd.nextInt(10);
        if (extra == 0) {
            clauses.add(Select.onDefault(() -> ran(blocks, DEFAULT)));
        } else if (extra == 1) {
            clauses.add(Select.onTimeout(Duration.ofNanos(rnd.nextLong(300_000)), () -> ran(blocks, TIMED_OUT)));
        }
        try {
            int chosen = rnd.nextBoolean() ? Select.select(clauses) : Select.selectUnbiased(clauses);
            expectBlocks(blocks, 1);
            return chosen >= 0 ? record(item, Outcome.SENT, chosen) : record(item, Outcome.KEPT, -1);
        } catch (InterruptedException e) {
            expectBlocks(blocks, 0);
            return record(item, Outcome.KEPT, -1);
        } catch (ClosedSendChannelException e) {
            expectBlocks(blocks, 0);
            return record(item, Outcome.CLOSED, -1);
        } catch (CancellationException e) {
            expectBlocks(blocks, 0);
            return record(item, Outcome.CANCELLED, -1);
        } catch (RuntimeException | Error e) {
            ledger.problem("select send threw " + e);
            return record(item, Outcome.CANCELLED, -1);
        }
    }

    private Outcome record(Item item, Outcome outcome, int channel) {
        ledger.record(item, outcome, channel);
        return outcome;
    }

    private void expectBlocks(int[] blocks, int expected) {
        if (blocks[0] != expected) {
            ledger.problem("a select send ran " + blocks[0] + " blocks, expected " + expected);
        }
    }

    private static int ran(int[] blocks, int value) {
        blocks[0]++;
        return value;
    }
}
