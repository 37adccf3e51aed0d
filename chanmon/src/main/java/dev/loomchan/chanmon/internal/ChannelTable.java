package dev.loomchan.chanmon.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal view's table: the rows of one {@code /api/channels} snapshot, sorted and filtered, laid out as fixed-width
 * text lines. Shared by the interactive view (which colours the lines) and the plain one (which prints them as they
 * are), so both show the same thing.
 */
public final class ChannelTable {
    /** The sort orders, cycled by the {@code s} key. */
    public enum SortKey {
        NAME("name"), SEND_RATE("sends/s"), RECEIVE_RATE("receives/s"), FILL("size"), WAITING("waiting"),
        CANCELLED("cancelled"), UNDELIVERED("undelivered");

        public final String label;

        SortKey(String label) {
            this.label = label;
        }

        public SortKey next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    /** One channel of the snapshot, as the table shows it. */
    public record Row(long id, String name, String kind, String state, double sendRate, double receiveRate, long size,
                      long capacity, long waitingSenders, long waitingReceivers, long cancelled, long undelivered,
                      long sent, long received, boolean blocked, boolean full) {

        public String text() {
            String cap = capacity < 0 ? "inf" : String.valueOf(capacity);
            return String.format(Locale.ROOT, "%-24s %-22s %-9s %9s %9s %13s %6d %6d %8d %8d %10d",
                    cut(name, 24), cut(kind, 22), state, rate(sendRate), rate(receiveRate), size + "/" + cap,
                    waitingSenders, waitingReceivers, cancelled, undelivered, sent);
        }
    }

    public static final String HEADER = String.format(Locale.ROOT, "%-24s %-22s %-9s %9s %9s %13s %6s %6s %8s %8s %10s",
            "CHANNEL", "KIND", "STATE", "SEND/S", "RECV/S", "SIZE/CAP", "W.SND", "W.RCV", "CANCEL", "UNDELIV", "SENT");

    private ChannelTable() {
    }

    /** The rows of a parsed snapshot, in snapshot order. */
    @SuppressWarnings("unchecked")
    public static List<Row> rows(Map<String, Object> snapshot) {
        List<Row> rows = new ArrayList<>();
        Object channels = snapshot.get("channels");
        if (!(channels instanceof List<?> list)) {
            throw new IllegalArgumentException("not a chanmon snapshot: no 'channels' array");
        }
        for (Object o : list) {
            Map<String, Object> c = (Map<String, Object>) o;
            rows.add(new Row(num(c, "id"), str(c, "name"), str(c, "kind"), str(c, "state"), dbl(c, "sendRate"),
                    dbl(c, "receiveRate"), num(c, "size"), num(c, "capacity"), num(c, "waitingSenders"),
                    num(c, "waitingReceivers"), num(c, "cancelledSenders") + num(c, "cancelledReceivers"),
                    num(c, "undelivered"), num(c, "sent"), num(c, "received"), Boolean.TRUE.equals(c.get("blocked")),
                    Boolean.TRUE.equals(c.get("full"))));
        }
        return rows;
    }

    /** The rows matching {@code filter} (a case-insensitive substring of name, kind or state), sorted. */
    public static List<Row> view(List<Row> rows, SortKey key, boolean descending, String filter) {
        String f = filter == null ? "" : filter.toLowerCase(Locale.ROOT);
        List<Row> shown = new ArrayList<>();
        for (Row r : rows) {
            if (f.isEmpty() || (r.name + " " + r.kind + " " + r.state).toLowerCase(Locale.ROOT).contains(f)) {
                shown.add(r);
            }
        }
        Comparator<Row> c = switch (key) {
            case NAME -> Comparator.comparing(Row::name);
            case SEND_RATE -> Comparator.comparingDouble(Row::sendRate);
            case RECEIVE_RATE -> Comparator.comparingDouble(Row::receiveRate);
            case FILL -> Comparator.comparingDouble(r -> r.capacity > 0 ? (double) r.size / r.capacity : r.size);
            case WAITING -> Comparator.comparingLong(r -> r.waitingSenders + r.waitingReceivers);
            case CANCELLED -> Comparator.comparingLong(Row::cancelled);
            case UNDELIVERED -> Comparator.comparingLong(Row::undelivered);
        };
        if (descending) {
            c = c.reversed();
        }
        shown.sort(c.thenComparingLong(Row::id));
        return shown;
    }

    private static String rate(double r) {
        if (r >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", r / 1e6);
        }
        if (r >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", r / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", r);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }

    private static long num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static double dbl(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? "" : v.toString();
    }
}
