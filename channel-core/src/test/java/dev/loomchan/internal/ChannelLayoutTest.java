package dev.loomchan.internal;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The padding of {@link ChannelCounters} works on the JVM that runs the tests: the senders' fields, the receivers'
 * fields and the buffer end's fields lie at least 128 bytes from each other, from the object header and from the
 * channel's other fields, so that no two groups share a cache line or an adjacent-line prefetch pair. The field
 * packer of JDK 15 and later puts fields into holes of superclass layouts, which is how the first padding scheme
 * failed; this test reads the offsets the JVM actually chose (through JOL) instead of trusting the declaration order.
 */
class ChannelLayoutTest {
    private static final int APART = 128;
    /** The object header: mark word and class pointer. */
    private static final String HEADER = "header";

    private static final Map<String, String> GROUP_OF = Map.of(
            "sendersAndCloseStatus", "senders", "sendSegment", "senders",
            "receivers", "receivers", "receiveSegment", "receivers",
            "bufferEnd", "bufferEnd", "completedExpandBuffersAndPauseFlag", "bufferEnd",
            "bufferEndSegment", "bufferEnd");

    @Test
    void hotFieldGroupsAreOnCacheLinesOfTheirOwn() {
        ClassLayout layout = ClassLayout.parseClass(BufferedChannel.class);
        TreeMap<Long, String> groupAt = new TreeMap<>();
        groupAt.put(0L, HEADER);
        List<String> found = new ArrayList<>();
        for (FieldLayout f : layout.fields()) {
            String group = GROUP_OF.get(f.name());
            if (group != null) {
                found.add(f.name());
                groupAt.put(f.offset(), group);
            } else if (!isPadding(f)) {
                groupAt.put(f.offset(), "cold field " + f.name());
            }
        }
        assertEquals(Set.copyOf(GROUP_OF.keySet()), Set.copyOf(found), "the hot fields were renamed or moved");
        for (Map.Entry<Long, String> a : groupAt.entrySet()) {
            for (Map.Entry<Long, String> b : groupAt.entrySet()) {
                boolean mayShareALine = a.getValue().equals(b.getValue())
                        || (isColdOrHeader(a.getValue()) && isColdOrHeader(b.getValue()));
                if (!mayShareALine && a.getKey() < b.getKey()) {
                    assertTrue(b.getKey() - a.getKey() >= APART, a.getValue() + " at offset " + a.getKey() + " and "
                            + b.getValue() + " at offset " + b.getKey() + " are less than " + APART
                            + " bytes apart:\n" + layout.toPrintable());
                }
            }
        }
    }

    private static boolean isPadding(FieldLayout f) {
        return f.hostClass().contains("ChannelPad");
    }

    private static boolean isColdOrHeader(String group) {
        return group.equals(HEADER) || group.startsWith("cold");
    }
}
