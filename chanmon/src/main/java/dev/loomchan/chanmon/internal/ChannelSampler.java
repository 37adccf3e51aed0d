package dev.loomchan.chanmon.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelRegistry;
import dev.loomchan.ChannelStatistics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the registry's named channels into {@link Sample}s: each call to {@link #sample()} reads every channel's
 * statistics once, computes rates against the previous sample of the same channel (by registry id) and appends a point
 * to the channel's history, keeping the last {@link #HISTORY} points (a minute at one sample a second). Channels that
 * were collected leave the history with their entries. Deltas of dropped and undelivered elements and of cancelled
 * waiters go to the event log.
 *
 * <p>Called by one thread at a time (the monitor's sampling thread, which takes the first sample before the server
 * starts answering); the samples it returns are immutable and may be
 * read by any thread.
 */
public final class ChannelSampler {
    /** Points of history kept per channel. */
    public static final int HISTORY = 60;

    private final EventLog events;
    private final Map<Long, Track> tracks = new HashMap<>();
    private long lastNanos;
    private long samples;

    public ChannelSampler(EventLog events) {
        this.events = events;
    }

    /** What is kept between samples for one channel. */
    private static final class Track {
        ChannelStatistics last;
        final double[] sent = new double[HISTORY];
        final double[] received = new double[HISTORY];
        final double[] size = new double[HISTORY];
        int points;

        void push(double s, double r, double z) {
            if (points == HISTORY) {
                System.arraycopy(sent, 1, sent, 0, HISTORY - 1);
                System.arraycopy(received, 1, received, 0, HISTORY - 1);
                System.arraycopy(size, 1, size, 0, HISTORY - 1);
                points--;
            }
            sent[points] = s;
            received[points] = r;
            size[points] = z;
            points++;
        }
    }

    public Sample sample() {
        long now = System.nanoTime();
        double seconds = lastNanos == 0 ? 0 : (now - lastNanos) / 1e9;
        lastNanos = now;
        samples++;
        List<ChannelRow> rows = new ArrayList<>();
        Map<Long, Track> seen = new HashMap<>();
        for (ChannelRegistry.Entry entry : ChannelRegistry.entries()) {
            Channel<?> ch = entry.channel();
            if (ch == null) {
                continue;
            }
            ChannelStatistics st = ch.statistics();
            Track t = tracks.get(entry.id());
            if (t == null) {
                t = new Track();
            }
            seen.put(entry.id(), t);
            double sendRate = 0;
            double receiveRate = 0;
            if (t.last != null && seconds > 0) {
                sendRate = Math.max(0, st.sent() - t.last.sent()) / seconds;
                receiveRate = Math.max(0, st.received() - t.last.received()) / seconds;
                logDeltas(entry.name(), t.last, st);
            }
            t.last = st;
            t.push(sendRate, receiveRate, st.size());
            rows.add(new ChannelRow(entry.id(), st, sendRate, receiveRate,
                    java.util.Arrays.copyOf(t.sent, t.points), java.util.Arrays.copyOf(t.received, t.points),
                    java.util.Arrays.copyOf(t.size, t.points)));
        }
        tracks.clear();
        tracks.putAll(seen);
        return new Sample(System.currentTimeMillis(), samples, List.copyOf(rows));
    }

    private void logDeltas(String name, ChannelStatistics before, ChannelStatistics now) {
        long dropped = now.dropped() - before.dropped();
        long undelivered = (now.undelivered() - now.dropped()) - (before.undelivered() - before.dropped());
        long cs = now.cancelledSenders() - before.cancelledSenders();
        long cr = now.cancelledReceivers() - before.cancelledReceivers();
        if (dropped > 0) {
            events.add(name, "dropped", dropped + (dropped == 1 ? " element" : " elements") + " dropped by the overflow policy");
        }
        if (undelivered > 0) {
            events.add(name, "undelivered", undelivered + (undelivered == 1 ? " element" : " elements") + " undelivered");
        }
        if (cs > 0) {
            events.add(name, "cancelled-senders", cs + (cs == 1 ? " waiting sender" : " waiting senders") + " gave up");
        }
        if (cr > 0) {
            events.add(name, "cancelled-receivers", cr + (cr == 1 ? " waiting receiver" : " waiting receivers") + " gave up");
        }
    }
}
