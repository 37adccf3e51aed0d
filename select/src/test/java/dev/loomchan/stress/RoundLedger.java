package dev.loomchan.stress;

import java.util.BitSet;

/**
 * The books of one round: what each producer's sends came to ({@link SendLog}), what each consumer received
 * ({@link ReceiveLog}) and what reached the undelivered-element handler ({@link UndeliveredLog}). Memory is a few
 * bits per seq; no object is kept per element.
 *
 * <p>{@link #check()} runs after every worker has ended and balances the books: each element the channel took is
 * accounted exactly once, each abandoned element reached the handler and nothing else, each element its producer
 * kept reached nobody.
 */
final class RoundLedger {
    private final SendLog[] sends;
    private final UndeliveredLog[] undelivered;
    private final ReceiveLog[] receives;
    private final ViolationLog violations;
    private final LiveCounters live;

    RoundLedger(int producers, int consumers, int channels, ViolationLog violations, LiveCounters live) {
        this.sends = new SendLog[producers];
        this.undelivered = new UndeliveredLog[producers];
        for (int p = 0; p < producers; p++) {
            sends[p] = new SendLog();
            undelivered[p] = new UndeliveredLog();
        }
        this.receives = new ReceiveLog[consumers];
        for (int c = 0; c < consumers; c++) {
            receives[c] = new ReceiveLog(producers, channels, "consumer c" + c, violations);
        }
        this.violations = violations;
        this.live = live;
    }

    SendLog sendLog(int producer) {
        return sends[producer];
    }

    ReceiveLog receiveLog(int consumer) {
        return receives[consumer];
    }

    /** The channel's onUndeliveredElement handler. Runs on any thread. */
    void onUndelivered(Item item) {
        live.undelivered.increment();
        if (item == null || item.producer() < 0 || item.producer() >= undelivered.length || item.seq() < 0) {
            violations.add(Invariant.DUPLICATED, "the handler got " + item + ", which no producer sent");
            return;
        }
        undelivered[item.producer()].record(item.seq());
    }

    /** Totals of a balanced round, for the report. */
    record Totals(long sent, long abandoned, long kept, long received, long undelivered) {
    }

    /** Balances the books, adding what is wrong to the violation log. Call only once every worker has ended. */
    Totals check() {
        long sent = 0, abandoned = 0, kept = 0, received = 0, handedOver = 0;
        for (ReceiveLog r : receives) {
            received += r.count();
        }
        for (int p = 0; p < sends.length; p++) {
            SendLog log = sends[p];
            BitSet inAnyConsumer = new BitSet();
            BitSet inTwoConsumers = new BitSet();
            for (ReceiveLog r : receives) {
                BitSet mine = r.received(p);
                BitSet both = (BitSet) inAnyConsumer.clone();
                both.and(mine);
                inTwoConsumers.or(both);
                inAnyConsumer.or(mine);
            }
            BitSet handled = undelivered[p].handled();
            BitSet handledAgain = undelivered[p].handledAgain();
            handedOver += handled.cardinality() + handledAgain.cardinality();
            sent += log.delivered.cardinality();
            abandoned += log.abandoned.cardinality();
            kept += log.kept.cardinality();

            BitSet accounted = or(inAnyConsumer, handled);

            // Lost: taken by the channel but neither received nor handed over.
            report(Invariant.LOST, andNot(log.delivered, accounted), p,
                    "sent but neither received nor handed to the handler");
            // Lost: the send threw, so the handler owes us the element.
            report(Invariant.LOST, andNot(andNot(log.abandoned, handled), inAnyConsumer), p,
                    "its send threw, but it never reached the handler");

            // Duplicated: accounted twice.
            report(Invariant.DUPLICATED, inTwoConsumers, p, "received by two consumers");
            report(Invariant.DUPLICATED, handledAgain, p, "handed to the handler twice");
            report(Invariant.DUPLICATED, and(inAnyConsumer, handled), p, "both received and handed to the handler");
            // Duplicated: the element showed up although its owner kept it, or was told it was abandoned.
            report(Invariant.DUPLICATED, andNot(and(log.abandoned, inAnyConsumer), handled), p,
                    "received although its send threw");
            report(Invariant.DUPLICATED, and(log.kept, accounted), p,
                    "stayed with its producer (a failed trySend or timed send, or a select that chose no onSend clause),"
                            + " yet it was received or handed to the handler");
            BitSet neverSent = (BitSet) accounted.clone();
            neverSent.clear(0, log.issued());
            report(Invariant.DUPLICATED, neverSent, p, "was never sent, yet it was received or handed over");
        }
        return new Totals(sent, abandoned, kept, received, handedOver);
    }

    private void report(Invariant invariant, BitSet seqs, int producer, String what) {
        int n = seqs.cardinality();
        if (n > 0) {
            int first = seqs.nextSetBit(0);
            violations.add(invariant, n, n + " element(s) of p" + producer + " " + what + " (first: p" + producer
                    + "#" + first + ")");
        }
    }

    private static BitSet or(BitSet a, BitSet b) {
        BitSet r = (BitSet) a.clone();
        r.or(b);
        return r;
    }

    private static BitSet and(BitSet a, BitSet b) {
        BitSet r = (BitSet) a.clone();
        r.and(b);
        return r;
    }

    private static BitSet andNot(BitSet a, BitSet b) {
        BitSet r = (BitSet) a.clone();
        r.andNot(b);
        return r;
    }
}
