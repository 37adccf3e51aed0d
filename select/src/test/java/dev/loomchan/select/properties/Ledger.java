package dev.loomchan.select.properties;

import dev.loomchan.Channel;
import dev.loomchan.select.support.Deliveries.Item;
import dev.loomchan.select.support.Registrations;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The books of one run: what became of each send, what each consumer received and from which channel, what each
 * channel handed to onUndeliveredElement, and the problems threads noticed on the way (a select that ran other than
 * one block, an unexpected exception). {@link #check} then proves that every item was received exactly once, or
 * handed to onUndeliveredElement exactly once, or kept by its producer, as its send's outcome requires.
 *
 * <p>Each producer writes only its own row of outcomes and each consumer only its own list of receipts; the checks
 * read them after joining the threads, which orders the accesses.
 */
final class Ledger {
    /** What became of one send. */
    enum Outcome {
        NOT_ATTEMPTED,
        /** A plain send returned, or an onSend clause was chosen: the item is in the channel (or was handed over). */
        SENT,
        /** A plain send was interrupted: the item went to onUndeliveredElement. */
        INTERRUPTED,
        /** An onSend select was interrupted or chose its default or time-out: the item stayed with the producer. */
        KEPT,
        /** The channel was closed: the item went to onUndeliveredElement. */
        CLOSED,
        /** The channel was cancelled: the item went to onUndeliveredElement. */
        CANCELLED
    }

    /** An item a consumer received, and the channel it came from. */
    record Receipt(int channel, Item item) {
    }

    private final Scenario s;
    private final Outcome[][] outcomes;
    private final int[][] sentTo;
    private final List<List<Receipt>> receipts = new ArrayList<>();
    private final ConcurrentLinkedQueue<Receipt> undelivered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger attempts = new AtomicInteger();

    Ledger(Scenario s) {
        this.s = s;
        outcomes = new Outcome[s.producers()][s.perProducer()];
        sentTo = new int[s.producers()][s.perProducer()];
        for (int p = 0; p < s.producers(); p++) {
            Arrays.fill(outcomes[p], Outcome.NOT_ATTEMPTED);
            Arrays.fill(sentTo[p], -1);
        }
        for (int c = 0; c < s.consumers(); c++) {
            receipts.add(new ArrayList<>());
        }
    }

    /** The onUndeliveredElement handler of channel {@code channel}. */
    Consumer<Item> undeliveredHandler(int channel) {
        return item -> undelivered.add(new Receipt(channel, item));
    }

    /** Records the outcome of a send; {@code channel} is where a SENT item went, otherwise ignored. */
    void record(Item item, Outcome outcome, int channel) {
        outcomes[item.sender()][item.seq()] = outcome;
        sentTo[item.sender()][item.seq()] = channel;
        attempts.incrementAndGet();
    }

    int attempts() {
        return attempts.get();
    }

    /** The receipts of consumer {@code c}, for its own thread to append to. */
    List<Receipt> receiptsOf(int c) {
        return receipts.get(c);
    }

    /** A problem a thread noticed; {@link #check} reports it. */
    void problem(String what) {
        problems.add(Thread.currentThread().getName() + ": " + what);
    }

    /** Runs every check; the threads of the run must have ended. */
    void check(List<Channel<Item>> channels) {
        check(problems.isEmpty(), "problems seen by the threads:\n  " + String.join("\n  ", problems));
        Map<Item, Receipt> received = receivedOnceInOrder();
        Map<Item, Receipt> dropped = new HashMap<>();
        for (Receipt d : undelivered) {
            check(dropped.put(d.item(), d) == null, d.item() + " handed to onUndeliveredElement twice");
            check(!received.containsKey(d.item()), d.item() + " both received and handed to onUndeliveredElement");
        }
        for (int p = 0; p < s.producers(); p++) {
            for (int seq = 0; seq < s.perProducer(); seq++) {
                checkFate(new Item(p, seq), received.get(new Item(p, seq)), dropped.containsKey(new Item(p, seq)));
            }
        }
        for (Channel<Item> ch : channels) {
            check(ch.isClosedForReceive(), ch + " is not closed for receive at the end");
            check(!ch.debugString().contains("element="), "an element is still referenced by\n" + ch.debugString());
        }
        Registrations.assertNoneLeft(channels.toArray(new Channel<?>[0]));
    }

    /** Every receipt is of a distinct item; each consumer got each producer's items on one channel in order. */
    private Map<Item, Receipt> receivedOnceInOrder() {
        Map<Item, Receipt> received = new HashMap<>();
        for (int c = 0; c < s.consumers(); c++) {
            int[][] last = new int[s.channels().size()][s.producers()];
            for (int[] row : last) {
                Arrays.fill(row, -1);
            }
            for (Receipt r : receipts.get(c)) {
                check(received.put(r.item(), r) == null, r.item() + " received twice");
                int before = last[r.channel()][r.item().sender()];
                check(r.item().seq() > before, "consumer " + c + " received " + r.item() + " from channel " + r.channel()
                        + " after s" + r.item().sender() + "#" + before + ": per-producer order broken");
                last[r.channel()][r.item().sender()] = r.item().seq();
            }
        }
        return received;
    }

    private void checkFate(Item item, Receipt receipt, boolean dropped) {
        boolean got = receipt != null;
        Outcome o = outcomes[item.sender()][item.seq()];
        String fate = item + " ended " + o + (o == Outcome.SENT ? " to channel " + sentTo[item.sender()][item.seq()] : "")
                + ", received=" + (got ? "from channel " + receipt.channel() : "no") + ", undelivered=" + dropped;
        switch (o) {
            case SENT -> {
                int channel = sentTo[item.sender()][item.seq()];
                check(got != dropped, fate + ": a sent item is received or undelivered, exactly one of them");
                check(!got || receipt.channel() == channel, fate + ": received from another channel");
                if (s.channels().get(channel).lossless() && s.ending() != Scenario.Ending.CANCEL_EARLY) {
                    check(got, fate + ": lost on a lossless channel that was not cancelled");
                }
            }
            case INTERRUPTED, CLOSED, CANCELLED -> check(dropped && !got, fate + ": must be undelivered, not received");
            case KEPT, NOT_ATTEMPTED -> check(!dropped && !got, fate + ": the producer kept it");
        }
        check(o != (s.ending() == Scenario.Ending.CANCEL_EARLY ? Outcome.CLOSED : Outcome.CANCELLED),
                fate + ": does not match the ending " + s.ending());
        if (s.ending() == Scenario.Ending.CLOSE_AFTER_PRODUCERS) {
            check(o != Outcome.CLOSED && o != Outcome.NOT_ATTEMPTED, fate + ": the channels closed after the producers");
        }
    }

    /** Reports to jqwik how the sends of this run ended, so that a run of the property shows what it exercised. */
    void collectStatistics() {
        int kept = 0;
        int failed = 0;
        for (Outcome[] row : outcomes) {
            for (Outcome o : row) {
                kept += o == Outcome.KEPT || o == Outcome.INTERRUPTED ? 1 : 0;
                failed += o == Outcome.CLOSED || o == Outcome.CANCELLED ? 1 : 0;
            }
        }
        Statistics.label("sends interrupted, or kept by a select").collect(kept == 0 ? "none" : kept < 10 ? "1-9" : "10+");
        Statistics.label("sends to a closed or cancelled channel").collect(failed == 0 ? "none" : "some");
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError("scenario " + s + ": " + message);
        }
    }
}
