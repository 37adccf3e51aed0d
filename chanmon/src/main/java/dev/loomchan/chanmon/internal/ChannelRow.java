package dev.loomchan.chanmon.internal;

import dev.loomchan.ChannelStatistics;

/**
 * One channel in a sample: its registry id, its statistics, the rates since the previous sample and its recent
 * history (oldest first, one point per sample, at most {@link ChannelSampler#HISTORY} points).
 *
 * @param id           the {@code ChannelRegistry} id (names may repeat, ids do not)
 * @param stats        the channel's statistics when sampled
 * @param sendRate     elements sent per second since the previous sample (0 for a channel seen the first time)
 * @param receiveRate  elements received per second since the previous sample
 * @param sentHistory  send rates, oldest first
 * @param receivedHistory receive rates, oldest first
 * @param sizeHistory  buffer sizes, oldest first
 */
public record ChannelRow(long id, ChannelStatistics stats, double sendRate, double receiveRate,
                         double[] sentHistory, double[] receivedHistory, double[] sizeHistory) {

    /** Blocked: operations are waiting (senders on a full buffer, or receivers on an empty one). */
    public boolean blocked() {
        return stats.waitingSenders() > 0 || stats.waitingReceivers() > 0;
    }

    /** The buffer is at capacity (never for rendezvous and unlimited channels). */
    public boolean full() {
        int cap = stats.capacity();
        return cap > 0 && cap != dev.loomchan.Channel.UNLIMITED && stats.size() >= cap;
    }
}
