package dev.loomchan;

/**
 * One alternative of a select: receive from a channel ({@link ReceiveChannel#onReceive},
 * {@link ReceiveChannel#onReceiveCatching}), send to one ({@link SendChannel#onSend}), or the time-out and default
 * clauses of {@code dev.loomchan.select.Select}. A clause is an immutable description (the channel, the block, and
 * for a send the element); it does nothing until a select runs it, and may be used by any number of selects.
 *
 * <p>Implementations are internal to loomchan: only the factories above create clauses.
 *
 * @param <R> the type of the value the clause's block returns, which the select returns when it chooses the clause
 */
public interface SelectClause<R> {
}
