package dev.loomchan.stress;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What one consumer received, per producer, as a bit set of seqs; written only by its consumer thread. Checks on the
 * spot that this consumer never sees the same seq twice, from any channel, and sees each producer's seqs in increasing
 * order on each channel (a producer's elements sent to two channels have no order between the channels).
 */
final class ReceiveLog {
    private final BitSet[] received;
    private final int[][] lastSeq;
    private final ViolationLog violations;
    private final String consumerName;
    private long duplicates;
    private long outOfOrder;
    private long count;

    ReceiveLog(int producers, int channels, String consumerName, ViolationLog violations) {
        this.received = new BitSet[producers];
        for (int p = 0; p < producers; p++) {
            received[p] = new BitSet();
        }
        this.lastSeq = new int[channels][producers];
        for (int[] last : lastSeq) {
            Arrays.fill(last, -1);
        }
        this.consumerName = consumerName;
        this.violations = violations;
    }

    /** Records {@code item}, received from channel {@code channel}. */
    void record(int channel, Item item) {
        count++;
        int p = item.producer();
        int seq = item.seq();
        if (p < 0 || p >= received.length || seq < 0) {
            duplicates++;
            violations.add(Invariant.DUPLICATED, consumerName + " received " + item + ", which no producer sent");
            return;
        }
        if (received[p].get(seq)) {
            duplicates++;
            violations.add(Invariant.DUPLICATED, consumerName + " received " + item + " twice");
        } else {
            received[p].set(seq);
        }
        int[] last = lastSeq[channel];
        if (seq < last[p]) {
            outOfOrder++;
            violations.add(Invariant.FIFO, consumerName + " received " + item + " after p" + p + "#" + last[p]
                    + (lastSeq.length > 1 ? " from channel " + channel : ""));
        }
        last[p] = Math.max(last[p], seq);
    }

    BitSet received(int producer) {
        return received[producer];
    }

    long duplicates() {
        return duplicates;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long count() {
        return count;
    }
}
