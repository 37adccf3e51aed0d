package dev.loomchan.benchmarks.peers;

/** A peer with a select: loomchan's {@code Select}, jox's {@code Select}, Kotlin's {@code select}. */
public interface SelectPeer {

    /**
     * {@code clauses} rendezvous channels, each with its own sender of {@code elements / clauses} elements, and one
     * receiver that selects {@code elements} times over a receive clause of every channel. Returns the sum received.
     */
    long select(int clauses, int elements) throws InterruptedException;
}
