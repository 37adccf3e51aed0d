package dev.loomchan.select.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What each receiver of a concurrent scenario got, in the order it got it, and the check that every element sent was
 * received exactly once and that each receiver saw each sender's elements in the order they were sent.
 */
public final class Deliveries {
    /** An element: its sender and its position in that sender's sequence. */
    public record Item(int sender, int seq) {
        @Override
        public String toString() {
            return "s" + sender + "#" + seq;
        }
    }

    private final List<List<Item>> byReceiver = new ArrayList<>();

    public Deliveries(int receivers) {
        for (int r = 0; r < receivers; r++) {
            byReceiver.add(new ArrayList<>());
        }
    }

    /** The list receiver {@code r} appends to; only its own thread may touch it until the thread is joined. */
    public List<Item> of(int r) {
        return byReceiver.get(r);
    }

    /** Fails unless the items {@code 0..perSender-1} of each sender were received exactly once, in sender order. */
    public void assertEachReceivedOnceInSenderOrder(int senders, int perSender) {
        Set<Item> seen = new HashSet<>();
        for (int r = 0; r < byReceiver.size(); r++) {
            int[] last = new int[senders];
            Arrays.fill(last, -1);
            for (Item it : byReceiver.get(r)) {
                if (!seen.add(it)) {
                    fail(it + " received twice");
                }
                int before = last[it.sender()];
                if (it.seq() <= before) {
                    fail("receiver " + r + " got " + it + " after s" + it.sender() + "#" + before
                            + ": per-sender order broken");
                }
                last[it.sender()] = it.seq();
            }
        }
        assertEquals(senders * perSender, seen.size(), "elements received, of those sent");
    }
}
