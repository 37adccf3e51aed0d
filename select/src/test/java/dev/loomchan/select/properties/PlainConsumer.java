package dev.loomchan.select.properties;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.select.properties.Ledger.Receipt;
import dev.loomchan.select.support.Deliveries.Item;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A consumer of a run that receives without select, from one random channel at a time, through {@code receive} or
 * {@code receiveCatching}: the plain operations meet the selects' registrations in the same cells. It stops once
 * every channel is closed for receive.
 */
final class PlainConsumer implements Runnable {
    private final List<Channel<Item>> channels;
    private final Ledger ledger;
    private final List<Receipt> receipts;

    PlainConsumer(int id, List<Channel<Item>> channels, Ledger ledger) {
        this.channels = channels;
        this.ledger = ledger;
        this.receipts = ledger.receiptsOf(id);
    }

    @Override
    public void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<Integer> open = new ArrayList<>();
        for (int j = 0; j < channels.size(); j++) {
            open.add(j);
        }
        while (!open.isEmpty()) {
            int j = open.get(rnd.nextInt(open.size()));
            try {
                if (rnd.nextBoolean()) {
                    receipts.add(new Receipt(j, channels.get(j).receive()));
                } else {
                    ChannelResult<Item> r = channels.get(j).receiveCatching();
                    if (!r.isClosed()) {
                        receipts.add(new Receipt(j, r.getOrThrow()));
                    }
                }
            } catch (InterruptedException | ClosedReceiveChannelException | CancellationException e) {
                // took nothing; a closed channel leaves the list below
            } catch (RuntimeException | Error e) {
                ledger.problem("receive threw " + e);
                return;
            }
            open.removeIf(k -> channels.get(k).isClosedForReceive());
        }
    }
}
