package dev.loomchan.benchmarks.peers;

/** A peer with a conflated channel (a buffer of one that keeps the latest element): loomchan and Kotlin. */
public interface ConflatedPeer {

    /**
     * One sender sends {@code elements} elements into a conflated channel, which never makes it wait, and closes it;
     * one receiver iterates until the close. Returns how many elements the receiver saw (at least the last one).
     */
    long conflated(int elements) throws InterruptedException;
}
