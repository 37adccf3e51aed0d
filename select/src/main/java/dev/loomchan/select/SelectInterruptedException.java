package dev.loomchan.select;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Thrown by {@link Select#selectN} and {@link Select#selectAll} when the thread is interrupted while a round waits. The
 * rounds before it did complete: their elements were received or sent and their blocks ran. Their values are not
 * lost with the interrupt: {@link #results()} holds them, in completion order, as the call would have returned them.
 * The round that was waiting completed nothing, as an interrupted {@link Select#select} completes nothing.
 *
 * <p>The exception is an {@link InterruptedException}, so code that only propagates interrupts needs no change, and the
 * interrupt flag is clear when it is thrown, as for any {@code InterruptedException}. Code that must not lose the
 * values of the completed rounds (elements taken from a channel exist nowhere else) catches this type. The JDK does
 * the same with partial work: {@link java.io.InterruptedIOException#bytesTransferred} tells how much of an interrupted
 * transfer was done.
 */
public final class SelectInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 1L;

    /** The values of the completed rounds; transient because they need not be serializable. */
    private final transient List<?> results;

    SelectInterruptedException(String operation, int wanted, List<?> results, InterruptedException interrupt) {
        super(operation + " interrupted after " + results.size() + " of " + wanted + " rounds; the values of the "
                + "completed rounds are in results()");
        this.results = Collections.unmodifiableList(new ArrayList<>(results)); // block values may be null
        initCause(interrupt);
    }

    /**
     * The values of the blocks of the rounds that completed before the interrupt, in completion order: empty if the
     * first round was interrupted. The element type is the {@code R} of the interrupted call. After deserialization
     * the list is empty.
     */
    public List<?> results() {
        return results == null ? List.of() : results;
    }
}
