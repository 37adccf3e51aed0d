package dev.loomchan.zerocopy;

/**
 * A snapshot of a {@link DescriptorPool}'s counters, from {@link DescriptorPool#statistics()}. Counters are summed over
 * the slots while other threads keep working, so a snapshot taken under load is approximate (each counter is exact
 * at some moment during the call); one taken at rest is exact.
 *
 * @param slotCount      the slots in the pool
 * @param slotSize       bytes per slot (a multiple of 64, the cache line)
 * @param acquired       descriptors handed out by acquire and tryAcquire
 * @param released       descriptors returned, by {@link Descriptor#release()} or by a channel that dropped them
 * @param reclaimed      of those released, the ones a channel returned because they could not be delivered
 * @param transfers      descriptors delivered by a {@link ZeroCopyChannel} to a receiver
 * @param bytesMoved     the sum of the delivered descriptors' lengths: bytes moved by reference, never copied
 * @param inUse          slots not free now (owned by a thread or in flight)
 * @param highWater      the most slots ever in use at once
 * @param exhaustedWaits acquire calls that found the pool empty and had to wait (or time out, or fail a tryAcquire)
 */
public record PoolStatistics(int slotCount, int slotSize, long acquired, long released, long reclaimed,
                             long transfers, long bytesMoved, int inUse, int highWater, long exhaustedWaits) {
}
