package dev.loomchan.zerocopy;

import java.time.Duration;

/**
 * One line of a pool's leak report ({@link DescriptorPool#leakReport(Duration)}): a slot held longer than the
 * threshold, and by whom.
 *
 * @param slot       the slot's index in its pool
 * @param generation the slot's generation when the report looked
 * @param owner      the owning thread, or for a descriptor in flight, the thread that sent it
 * @param inFlight   whether a channel carries it (sent, not yet received)
 * @param heldFor    how long since it was acquired from the pool (it may have changed hands since)
 */
public record HeldDescriptor(int slot, int generation, Thread owner, boolean inFlight, Duration heldFor) {
}
