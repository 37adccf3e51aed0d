package dev.loomchan.chanmon.internal;

import dev.loomchan.internal.CellsSnapshot;

import java.util.List;

/** The JSON of {@code /api/channels/{name}/cells}: every channel of that name with its live segments, cell by cell. */
public final class CellsJson {
    private CellsJson() {
    }

    /** One entry per channel: its registry id and its snapshot. */
    public record Named(long id, CellsSnapshot cells) {
    }

    public static String write(String name, List<Named> channels) {
        Json j = new Json();
        j.beginObject().field("name", name);
        j.name("channels").beginArray();
        for (Named n : channels) {
            CellsSnapshot c = n.cells();
            j.beginObject()
                    .field("id", n.id())
                    .field("summary", c.summary())
                    .field("senders", c.senders())
                    .field("receivers", c.receivers())
                    .field("bufferEnd", c.bufferEnd())
                    .field("sendSegment", c.sendSegment())
                    .field("receiveSegment", c.receiveSegment())
                    .field("bufferEndSegment", c.bufferEndSegment())
                    .field("truncated", c.truncated());
            j.name("segments").beginArray();
            for (CellsSnapshot.SegmentCells s : c.segments()) {
                j.beginObject()
                        .field("id", s.id())
                        .field("slots", s.slots())
                        .field("cleaned", s.cleaned())
                        .field("removed", s.removed());
                j.name("cells").beginArray();
                for (CellsSnapshot.Cell cell : s.cells()) {
                    j.beginObject()
                            .field("index", cell.index())
                            .field("state", cell.state())
                            .field("element", cell.element());
                    j.name("waiter");
                    CellsSnapshot.WaiterInfo w = cell.waiter();
                    if (w == null) {
                        j.nullValue();
                    } else {
                        j.beginObject()
                                .field("kind", w.kind())
                                .field("side", w.side())
                                .field("state", w.state())
                                .field("thread", w.thread())
                                .field("passedByBufferExpansion", w.passedByBufferExpansion())
                                .endObject();
                    }
                    j.endObject();
                }
                j.endArray().endObject();
            }
            j.endArray().endObject();
        }
        return j.endArray().endObject().toString();
    }
}
