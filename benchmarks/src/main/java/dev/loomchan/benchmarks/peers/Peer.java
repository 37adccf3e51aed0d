package dev.loomchan.benchmarks.peers;

/**
 * A channel implementation as the benchmark shapes see it. Every method runs one whole invocation of a shape: it
 * creates fresh channels, starts the threads (or coroutines), moves {@code elements} element transfers in total, waits
 * for all of them, and returns the sum of the values received, which the benchmark checks against
 * {@link Checksums}. Senders send {@link Checksums#value(int) value(i)} for their i-th element.
 *
 * <p>Capacities follow {@link Capacities}. Counts must divide {@code elements} evenly.
 */
public interface Peer {

    /**
     * One channel; {@code senders} threads each send {@code elements / senders} elements and {@code receivers} threads
     * each receive {@code elements / receivers}.
     */
    long transfer(int capacity, int senders, int receivers, int elements) throws InterruptedException;

    /**
     * {@code channels} channels in a chain, one thread per stage: a source sends {@code elements / channels} elements
     * into the first channel, each stage receives from one channel and sends to the next, a sink drains the last. Every
     * element is transferred once per channel, {@code elements} transfers in all.
     */
    long chain(int capacity, int channels, int elements) throws InterruptedException;

    /**
     * {@code pairs} independent channels, each with its own sender and receiver moving {@code elements / pairs}
     * elements.
     */
    long parallel(int capacity, int pairs, int elements) throws InterruptedException;
}
