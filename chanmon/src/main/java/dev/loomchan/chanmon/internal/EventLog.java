package dev.loomchan.chanmon.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelRegistry;
import dev.loomchan.ChannelTracer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code capacity} events of every named channel: closes and cancels heard through
 * {@link ChannelRegistry#trace}, and, from the sampler, how many elements were dropped or undelivered and how many
 * waiting operations gave up since the previous sample.
 *
 * <p>Drops and undelivered elements are summed per sample rather than logged one by one: a conflated channel drops on
 * most of its sends, and an event per element would cost the application more than the log is worth. So this
 * tracer implements only {@code onClosed} and {@code onCancelled}, which happen once per channel.
 *
 * <p>Lock-free: a ring of slots written by index {@code seq % capacity}. A tracer runs on the application's thread, so
 * {@link #add} is a counter increment, one allocation and one array store, never a wait.
 */
public final class EventLog implements ChannelTracer, AutoCloseable {
    private final AtomicReferenceArray<MonitorEvent> ring;
    private final AtomicLong seq = new AtomicLong();
    private ChannelRegistry.Subscription subscription;

    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event log capacity must be >= 1, was " + capacity);
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    /** Starts hearing the closes and cancels of every named channel. */
    public EventLog listen() {
        subscription = ChannelRegistry.trace(this);
        return this;
    }

    public void add(String channel, String type, String detail) {
        long s = seq.incrementAndGet();
        ring.set((int) (s % ring.length()), new MonitorEvent(s, System.currentTimeMillis(), channel, type, detail));
    }

    /** The events with a sequence number above {@code after}, oldest first; those overwritten meanwhile are gone. */
    public List<MonitorEvent> since(long after) {
        long last = seq.get();
        long first = Math.max(after + 1, last - ring.length() + 1);
        List<MonitorEvent> list = new ArrayList<>();
        for (long s = Math.max(first, 1); s <= last; s++) {
            MonitorEvent e = ring.get((int) (s % ring.length()));
            if (e != null && e.seq() == s) {
                list.add(e); // a slot already reused by a newer event (or not yet written) is skipped
            }
        }
        return list;
    }

    /** The newest events, at most {@code n}. */
    public List<MonitorEvent> latest(int n) {
        return since(Math.max(0, seq.get() - n));
    }

    @Override
    public void onClosed(Channel<?> channel, Throwable cause) {
        add(nameOf(channel), "closed", cause == null ? "" : String.valueOf(cause));
    }

    @Override
    public void onCancelled(Channel<?> channel, Throwable cause) {
        add(nameOf(channel), "cancelled", cause == null ? "" : String.valueOf(cause));
    }

    private static String nameOf(Channel<?> channel) {
        String name = channel.statistics().name(); // closes and cancels are rare: the snapshot is affordable here
        return name == null ? "?" : name;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
