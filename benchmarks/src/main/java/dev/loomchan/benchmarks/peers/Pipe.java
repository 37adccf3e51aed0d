package dev.loomchan.benchmarks.peers;

/**
 * One channel or queue as the Java shapes drive it: a hand-off of elements from sending threads to receiving threads.
 * Each implementation calls its library's own public API and nothing else; whether a call parks or spins is the
 * library's (or the pipe's) business, and {@link ThreadedPeer} picks virtual or platform threads to match.
 */
public interface Pipe {

    /** Hands {@code element} over, waiting (parking or spinning) while the pipe cannot take it. */
    void send(Integer element) throws InterruptedException;

    /** Takes the next element, waiting (parking or spinning) while there is none. */
    Integer receive() throws InterruptedException;

    /** Hands over what {@link #send} may still hold back; a sending thread calls it after its last send. */
    default void flush() throws InterruptedException {
    }
}
