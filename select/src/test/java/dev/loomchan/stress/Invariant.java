package dev.loomchan.stress;

/** The properties every round must keep; each gets a PASS/FAIL column in the report. */
enum Invariant {
    /** Every element the channel took is received or handed to the handler; every abandoned one reaches the handler. */
    LOST("lost"),
    /** No element is accounted twice, and none shows up that the channel never took. */
    DUPLICATED("dup"),
    /** Each consumer sees each producer's seqs in increasing order on each channel. */
    FIFO("FIFO"),
    /** Every thread ends within a bounded time after the close or cancel. */
    TERMINATED("term"),
    /** The used heap after a full collection, sampled between rounds, stays near its early plateau. */
    HEAP("heap"),
    /** No operation threw anything its contract does not allow. */
    ERRORS("errors");

    final String column;

    Invariant(String column) {
        this.column = column;
    }
}
