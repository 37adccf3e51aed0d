package dev.loomchan.chanmon.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelStatistics;

import java.util.List;

/**
 * The JSON of {@code /api/channels} and of each Server-Sent Event: a sample of every channel with its rates and
 * history, and the newest events of the log. The field names are the contract of the dashboard's script and of the
 * terminal view ({@code docs/chanmon.md} lists them).
 */
public final class SnapshotJson {
    private SnapshotJson() {
    }

    public static String write(Sample sample, List<MonitorEvent> events) {
        Json j = new Json(new StringBuilder(512 + 600 * sample.channels().size()));
        j.beginObject()
                .field("time", sample.time())
                .field("sequence", sample.sequence())
                .field("historyLength", ChannelSampler.HISTORY);
        j.name("channels").beginArray();
        for (ChannelRow row : sample.channels()) {
            channel(j, row);
        }
        j.endArray();
        j.name("events").beginArray();
        for (MonitorEvent e : events) {
            event(j, e);
        }
        j.endArray();
        return j.endObject().toString();
    }

    private static void channel(Json j, ChannelRow row) {
        ChannelStatistics s = row.stats();
        j.beginObject()
                .field("id", row.id())
                .field("name", s.name())
                .field("kind", s.kind())
                .field("capacity", s.capacity() == Channel.UNLIMITED ? -1 : s.capacity())
                .field("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
                .field("sent", s.sent())
                .field("received", s.received())
                .field("sendRate", round(row.sendRate()))
                .field("receiveRate", round(row.receiveRate()))
                .field("size", s.size())
                .field("waitingSenders", s.waitingSenders())
                .field("waitingReceivers", s.waitingReceivers())
                .field("sendSuspensions", s.sendSuspensions())
                .field("receiveSuspensions", s.receiveSuspensions())
                .field("cancelledSenders", s.cancelledSenders())
                .field("cancelledReceivers", s.cancelledReceivers())
                .field("undelivered", s.undelivered())
                .field("dropped", s.dropped())
                .field("blocked", row.blocked())
                .field("full", row.full());
        j.name("history").beginObject();
        series(j, "sendRate", row.sentHistory());
        series(j, "receiveRate", row.receivedHistory());
        series(j, "size", row.sizeHistory());
        j.endObject();
        j.endObject();
    }

    private static void series(Json j, String name, double[] points) {
        j.name(name).beginArray();
        for (double p : points) {
            j.value(round(p));
        }
        j.endArray();
    }

    static void event(Json j, MonitorEvent e) {
        j.beginObject()
                .field("seq", e.seq())
                .field("time", e.time())
                .field("channel", e.channel())
                .field("type", e.type())
                .field("detail", e.detail())
                .endObject();
    }

    /** Rates to a tenth: the dashboard shows no more, and the JSON stays short. */
    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
