package dev.loomchan.metrics;

import dev.loomchan.Channel;
import dev.loomchan.ChannelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Binds every named loomchan channel to a {@link MeterRegistry}: the channels alive when {@link #bindTo} is called and
 * every one built afterwards (through {@link ChannelRegistry}), each with the meters of {@link ChannelMeter} tagged
 * {@code name}, {@code kind} and {@code id} (the registry's id of the channel: channels may share a name, and Micrometer
 * would merge meters with identical tags).
 *
 * <pre>{@code
 * new LoomchanChannelMetrics().bindTo(meterRegistry);
 * Channel<Job> jobs = Channel.<Job>builder().capacity(64).name("jobs").build();   // now has meters
 * }</pre>
 *
 * <p>The meters are function counters and gauges: a value is computed from the channel's
 * {@link Channel#statistics() statistics} when the registry reads it, so nothing is written on the channel's
 * operations. The meters of one channel share one snapshot for {@code snapshotLifetime} (100 ms by default), so one
 * scrape reads each channel once and its figures agree with each other. No meter holds its channel: once the channel is
 * garbage-collected, its meters are removed from the registry (by a {@link Cleaner} action, or at the latest by the
 * next read of one of them). {@link #close()} removes every meter this binder registered and stops following new
 * channels.
 */
public final class LoomchanChannelMetrics implements MeterBinder, AutoCloseable {
    private static final Duration DEFAULT_SNAPSHOT_LIFETIME = Duration.ofMillis(100);
    /** One thread for the whole module, removing the meters of collected channels. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final Tags tags;
    private final long snapshotLifetimeNanos;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();

    /** A binder with no extra tags and the default snapshot lifetime (100 ms). */
    public LoomchanChannelMetrics() {
        this(Tags.empty(), DEFAULT_SNAPSHOT_LIFETIME);
    }

    /**
     * A binder adding {@code tags} to every meter, whose meters of one channel share a snapshot for
     * {@code snapshotLifetime} ({@link Duration#ZERO}: every read takes a new one).
     */
    public LoomchanChannelMetrics(Iterable<Tag> tags, Duration snapshotLifetime) {
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        if (Objects.requireNonNull(snapshotLifetime, "snapshotLifetime").isNegative()) {
            throw new IllegalArgumentException("snapshotLifetime must not be negative: " + snapshotLifetime);
        }
        this.snapshotLifetimeNanos = snapshotLifetime.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Binding binding = new Binding(Objects.requireNonNull(registry, "registry"));
        bindings.add(binding);
        binding.subscription = ChannelRegistry.subscribe(binding::add);
    }

    /** Stops following new channels and removes every meter this binder registered, in every registry. */
    @Override
    public void close() {
        for (Binding b : bindings) {
            b.close();
        }
        bindings.clear();
    }

    /** This binder in one registry: the meters of each channel, by registry entry id. */
    private final class Binding {
        private final MeterRegistry registry;
        private final Map<Long, ChannelMeters> channels = new ConcurrentHashMap<>();
        private volatile ChannelRegistry.Subscription subscription;
        private volatile boolean closed;

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        /** Registers the meters of a channel, unless it has them already or is gone. */
        void add(ChannelRegistry.Entry entry) {
            Channel<?> channel = entry.channel();
            if (channel == null || closed) {
                return;
            }
            channels.computeIfAbsent(entry.id(), id -> {
                ChannelMeters meters = ChannelMeters.register(registry, entry, channel.statistics().kind(), tags,
                        snapshotLifetimeNanos);
                CLEANER.register(channel, new Forget(channels, id)); // references the map and the id, not the channel
                return meters;
            });
        }

        void close() {
            closed = true;
            ChannelRegistry.Subscription s = subscription;
            if (s != null) {
                s.close();
            }
            for (Long id : channels.keySet()) {
                ChannelMeters m = channels.remove(id);
                if (m != null) {
                    m.remove();
                }
            }
        }
    }

    /** The cleaning action of a collected channel: removes its meters. Must not reach the channel. */
    private record Forget(Map<Long, ChannelMeters> channels, long id) implements Runnable {
        @Override
        public void run() {
            ChannelMeters m = channels.remove(id);
            if (m != null) {
                m.remove();
            }
        }
    }
}
