package dev.loomchan.benchmarks.peers;

/**
 * A set of rendezvous channels of one Java library, and that library's select over receive clauses of all of them;
 * what {@link ThreadedSelectPeer} needs to run the select shape.
 */
interface SelectableChannels {

    /** The {@code i}-th channel, for its sender. */
    Pipe channel(int i);

    /** One select over a receive clause of every channel, built afresh as a caller's select loop would. */
    Integer selectReceive() throws InterruptedException;
}
