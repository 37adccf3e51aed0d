package dev.loomchan.cancellation;

import dev.loomchan.SendChannel;

/**
 * The body of a producer started by {@link Scope#produce}: sends into {@code out}, which is closed when the body
 * returns and closed with the failure when it throws.
 *
 * @param <E> the element type
 */
@FunctionalInterface
public interface ProducerBody<E> {
    /** Produces elements into {@code out}. */
    void produce(SendChannel<E> out) throws Exception;
}
