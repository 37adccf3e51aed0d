package dev.loomchan.stress;

import java.util.BitSet;

/**
 * What one producer's send attempts came to, indexed by seq. Written only by its producer thread; read by the
 * checker after that thread has ended (a join orders the two).
 *
 * <p>Each seq below {@link #issued()} is in at most one of three sets; a seq in none of them had an outcome nobody
 * knows (the send threw something unexpected, or the thread never came back from it).
 */
final class SendLog {
    /** Send returned normally or true, or a select chose an onSend clause: the channel owns the element. */
    final BitSet delivered = new BitSet();
    /**
     * Send threw (interrupted, closed, cancelled), or a select threw because its chosen onSend clause found the channel
     * closed or cancelled: the element must reach the handler, and only the handler.
     */
    final BitSet abandoned = new BitSet();
    /**
     * The element stays the producer's: trySend failed, a timed send returned false, or a select chose no onSend
     * clause (its time-out or default clause was chosen, or it was interrupted while it waited).
     */
    final BitSet kept = new BitSet();

    private int issued;

    /** The seq for the next attempt. */
    int nextSeq() {
        return issued++;
    }

    /** How many seqs were handed out. */
    int issued() {
        return issued;
    }

    void delivered(int seq) {
        delivered.set(seq);
    }

    void abandoned(int seq) {
        abandoned.set(seq);
    }

    void kept(int seq) {
        kept.set(seq);
    }
}
