package dev.loomchan.stress;

import java.util.BitSet;

/**
 * The elements of one producer that reached the {@code onUndeliveredElement} handler. The handler runs on whatever
 * thread abandoned the element, so recording is synchronized; a second hand-over of the same seq is remembered in
 * {@link #again}.
 */
final class UndeliveredLog {
    private final BitSet once = new BitSet();
    private final BitSet again = new BitSet();

    synchronized void record(int seq) {
        if (once.get(seq)) {
            again.set(seq);
        } else {
            once.set(seq);
        }
    }

    /** Seqs handed over at least once. A copy, safe to modify. */
    synchronized BitSet handled() {
        return (BitSet) once.clone();
    }

    /** Seqs handed over more than once. A copy, safe to modify. */
    synchronized BitSet handledAgain() {
        return (BitSet) again.clone();
    }
}
