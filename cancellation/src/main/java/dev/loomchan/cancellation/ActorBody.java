package dev.loomchan.cancellation;

import dev.loomchan.ReceiveChannel;

/**
 * The body of an actor started by {@link Scope#actor}: receives its messages from {@code inbox} until it returns.
 *
 * @param <E> the message type
 */
@FunctionalInterface
public interface ActorBody<E> {
    /** Handles messages from {@code inbox}. */
    void act(ReceiveChannel<E> inbox) throws Exception;
}
