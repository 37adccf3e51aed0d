package dev.loomchan.select.properties;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.SelectClause;
import dev.loomchan.select.Select;
import dev.loomchan.select.SelectInterruptedException;
import dev.loomchan.select.properties.Ledger.Receipt;
import dev.loomchan.select.support.Deliveries.Item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A consumer of a run that receives through selects over its channels: select, selectUnbiased or selectN, with
 * onReceive and onReceiveCatching clauses (a channel may be listed twice) and a short time-out (sometimes; always for
 * selectN). The blocks record what they receive, so that an item a selectN took in an earlier round is counted even
 * when a later round throws; an interrupted selectN must throw as many values as it ran blocks. It checks that each select ran as many blocks as it chose clauses, and stops once every
 * channel of its own is closed for receive.
 */
final class SelectingConsumer implements Runnable {
    private static final Object TIMED_OUT = new Object();

    private final List<Integer> mine;
    private final List<Channel<Item>> channels;
    private final Ledger ledger;
    private final List<Receipt> receipts;
    /** How many clauses on each channel the select under way has; published before it starts. */
    private volatile int[] clausesPerChannel = new int[0];

    SelectingConsumer(int id, List<Integer> mine, List<Channel<Item>> channels, Ledger ledger) {
        this.mine = mine;
        this.channels = channels;
        this.ledger = ledger;
        this.receipts = ledger.receiptsOf(id);
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<Integer> open = new ArrayList<>(mine);
        while (!open.isEmpty()) {
            int[] blocks = {0};
            int[] perChannel = new int[channels.size()];
            List<SelectClause<Object>> clauses = new ArrayList<>();
            for (int j : open) {
                for (int k = rnd.nextInt(8) == 0 ? 2 : 1; k > 0; k--) {
                    clauses.add(clause(j, blocks, rnd.nextBoolean()));
                    perChannel[j]++;
                }
            }
            clausesPerChannel = perChannel;
            int channelClauses = clauses.size();
            int mode = rnd.nextInt(3);
            int n = mode == 2 ? 1 + rnd.nextInt(channelClauses) : 1;
            // A selectN always has a time-out: once it has its first answers it stops listening to their channels,
            // and a producer blocked on one of those would wait for it for ever.
            if (mode == 2 || rnd.nextInt(6) == 0) {
                clauses.add(Select.onTimeout(Duration.ofNanos(rnd.nextLong(300_000)), () -> ran(blocks, TIMED_OUT)));
            }
            try {
                int chosen = switch (mode) {
                    case 0 -> {
                        Select.select(clauses);
                        yield 1;
                    }
                    case 1 -> {
                        Select.selectUnbiased(clauses);
                        yield 1;
                    }
                    default -> Select.selectN(n, clauses).size();
                };
                if (blocks[0] != chosen) {
                    ledger.problem("a select chose " + chosen + " clauses but ran " + blocks[0] + " blocks");
                }
            } catch (SelectInterruptedException e) {
                if (e.results().size() != blocks[0]) {
                    ledger.problem("an interrupted selectN ran " + blocks[0] + " blocks but threw "
                            + e.results().size() + " values");
                }
            } catch (InterruptedException | ClosedReceiveChannelException | CancellationException e) {
                if (blocks[0] >= n) {
                    ledger.problem("a select that threw " + e + " ran " + blocks[0] + " blocks of " + n);
                }
            } catch (RuntimeException | Error e) {
                ledger.problem("select threw " + e);
                return;
            }
            open.removeIf(j -> channels.get(j).isClosedForReceive());
        }
    }

    /**
     * The number of clauses the select under way has on channel {@code j}: once this consumer is parked, the number
     * of its registrations in that channel.
     */
    int clausesOn(int j) {
        int[] counts = clausesPerChannel;
        return j < counts.length ? counts[j] : 0;
    }

    private SelectClause<Object> clause(int j, int[] blocks, boolean catching) {
        Channel<Item> ch = channels.get(j);
        if (!catching) {
            return ch.onReceive(item -> {
                receipts.add(new Receipt(j, item));
                return ran(blocks, item);
            });
        }
        return ch.onReceiveCatching((ChannelResult<Item> r) -> {
            if (!r.isClosed()) {
                receipts.add(new Receipt(j, r.getOrThrow()));
            }
            return ran(blocks, r);
        });
    }

    private static Object ran(int[] blocks, Object value) {
        blocks[0]++;
        return value;
    }
}
