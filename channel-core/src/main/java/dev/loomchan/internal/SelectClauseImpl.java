package dev.loomchan.internal;

import dev.loomchan.SelectClause;

/**
 * What a select needs from a clause: register it (complete it at once, or publish a {@link SelectRegistration} in a
 * cell), withdraw a registration that was not chosen, and turn the chosen clause's result into the block's value.
 * Channel clauses live here; the time-out and default clauses, which touch no channel, live in the select module.
 *
 * @param <R> the block's result type
 */
public abstract class SelectClauseImpl<R> implements SelectClause<R> {
    /** Returned by {@link #register} when the registration was published in a cell. */
    public static final Object REGISTERED = new CellState.Marker("REGISTERED");

    /**
     * Completes the clause at once and returns its result, or publishes {@code registration} in a cell and returns
     * {@link #REGISTERED}. Called by the select's thread only.
     */
    public abstract Object register(SelectRegistration registration);

    /**
     * Returned by {@link #tryAtOnce} when the clause cannot complete without waiting.
     */
    public static final Object NOT_READY = new CellState.Marker("NOT_READY");

    /**
     * Completes the clause at once if it can, without publishing anything, and returns its result as {@link #register}
     * would; otherwise returns {@link #NOT_READY}. The select's look before it registers, so that a clause that is not
     * ready leaves no registration behind when a later one is. Clauses that touch no channel are never ready here.
     * Called by the select's thread only.
     */
    public Object tryAtOnce() {
        return NOT_READY;
    }

    /** Withdraws a published registration that the select did not choose: its cell becomes cancelled. */
    public void withdraw(SelectRegistration registration) {
        registration.segment.onWaiterCancelled(registration.index, isSend());
    }

    /** Turns the result the clause was chosen with into the block's value, running the block. */
    public abstract R complete(Object result);

    /** The channel this clause works on, or null. */
    public Object channel() {
        return null;
    }

    /** True for a send clause. */
    public boolean isSend() {
        return false;
    }

    /** For a time-out clause, its time-out in nanoseconds (0 or more); -1 for every other clause. */
    public long timeoutNanos() {
        return -1L;
    }

    /** True for the default clause, taken when nothing is ready at once. */
    public boolean isDefault() {
        return false;
    }
}
