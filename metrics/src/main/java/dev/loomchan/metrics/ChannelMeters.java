package dev.loomchan.metrics;

import dev.loomchan.ChannelRegistry;
import dev.loomchan.ChannelStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The meters of one channel in one {@link MeterRegistry}: one per {@link ChannelMeter}, tagged with the channel's name,
 * kind and registry id, each reading the shared {@link SnapshotCache}. Removes them all, once, when the channel is gone.
 */
final class ChannelMeters {
    private final MeterRegistry registry;
    private final SnapshotCache snapshots;
    private final List<Meter> meters = new ArrayList<>();
    private final AtomicBoolean removed = new AtomicBoolean();

    private ChannelMeters(MeterRegistry registry, SnapshotCache snapshots) {
        this.registry = registry;
        this.snapshots = snapshots;
    }

    /** Registers the meters of {@code entry}'s channel, whose kind is {@code kind}. */
    static ChannelMeters register(MeterRegistry registry, ChannelRegistry.Entry entry, String kind, Iterable<Tag> tags,
                                  long snapshotLifetimeNanos) {
        ChannelMeters m = new ChannelMeters(registry, new SnapshotCache(entry, snapshotLifetimeNanos));
        // The id tells apart channels that share a name: identical tags would make Micrometer hand both the same meter.
        Tags all = Tags.of(tags).and("name", entry.name(), "kind", kind, "id", Long.toString(entry.id()));
        for (ChannelMeter meter : ChannelMeter.values()) {
            m.meters.add(meter.isCounter()
                    ? FunctionCounter.builder(meter.meterName(), m, x -> x.read(meter))
                            .description(meter.description()).baseUnit(meter.baseUnit()).tags(all)
                            .register(registry)
                    : Gauge.builder(meter.meterName(), m, x -> x.read(meter))
                            .description(meter.description()).baseUnit(meter.baseUnit()).tags(all)
                            .strongReference(true).register(registry));
        }
        return m;
    }

    /**
     * The meter's value: from the snapshot; once the channel is collected, its meters leave the registry and the
     * value is the last one known (NaN if none).
     */
    private double read(ChannelMeter meter) {
        ChannelStatistics s = snapshots.get();
        if (!snapshots.channelAlive()) {
            remove();
        }
        return s == null ? Double.NaN : meter.read(s);
    }

    /** Removes every meter of the channel from the registry; only the first call does anything. */
    void remove() {
        if (removed.compareAndSet(false, true)) {
            for (Meter meter : meters) {
                registry.remove(meter);
            }
        }
    }
}
