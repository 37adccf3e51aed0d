package dev.loomchan.metrics;

import dev.loomchan.Channel;
import dev.loomchan.ChannelRegistry;
import dev.loomchan.ChannelStatistics;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One channel's latest statistics for its meters: a snapshot is read at most once per {@code lifetimeNanos}, so the
 * meters of one scrape share it, and it never holds the channel (the registry entry holds it weakly).
 *
 * <p>Counters reported to Micrometer must not go down, but a snapshot taken while operations run may count an
 * operation in progress that then fails, so the next one is one lower. Each counter figure is therefore the largest
 * seen so far; the gauges are taken as they are.
 */
final class SnapshotCache {
    private record Timed(ChannelStatistics statistics, long readAtNanos) {
    }

    private final ChannelRegistry.Entry entry;
    private final long lifetimeNanos;
    private final AtomicReference<Timed> latest = new AtomicReference<>();

    SnapshotCache(ChannelRegistry.Entry entry, long lifetimeNanos) {
        this.entry = entry;
        this.lifetimeNanos = lifetimeNanos;
    }

    /** The current snapshot, or the last one if the channel has been collected (null if there never was one). */
    ChannelStatistics get() {
        for (;;) {
            Timed previous = latest.get();
            long now = System.nanoTime();
            if (previous != null && now - previous.readAtNanos < lifetimeNanos) {
                return previous.statistics;
            }
            Channel<?> channel = entry.channel();
            if (channel == null) {
                return previous == null ? null : previous.statistics;
            }
            ChannelStatistics fresh = channel.statistics();
            Timed next = new Timed(previous == null ? fresh : neverBelow(previous.statistics, fresh), now);
            if (latest.compareAndSet(previous, next)) {
                return next.statistics;
            }
        }
    }

    /** True while the channel has not been collected. */
    boolean channelAlive() {
        return entry.channel() != null;
    }

    private static ChannelStatistics neverBelow(ChannelStatistics before, ChannelStatistics now) {
        return new ChannelStatistics(now.name(), now.kind(), now.capacity(), now.state(),
                Math.max(before.sent(), now.sent()),
                Math.max(before.received(), now.received()),
                Math.max(before.sendSuspensions(), now.sendSuspensions()),
                Math.max(before.receiveSuspensions(), now.receiveSuspensions()),
                Math.max(before.cancelledSenders(), now.cancelledSenders()),
                Math.max(before.cancelledReceivers(), now.cancelledReceivers()),
                Math.max(before.undelivered(), now.undelivered()),
                Math.max(before.dropped(), now.dropped()),
                now.waitingSenders(), now.waitingReceivers(), now.size());
    }
}
