package dev.loomchan.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segment list on its own: appending, removal of cleaned segments, closing. */
class SegmentListTest {

    /** A segment of two slots. */
    static final class Node extends Segment<Node> {
        Node(long id, Node prev, int pointers) {
            super(id, prev, pointers);
        }

        @Override
        int slots() {
            return 2;
        }

        @Override
        Node newNext() {
            return new Node(id + 1, this, 0);
        }
    }

    @Test
    void findOrAppendCreatesConsecutiveSegments() {
        Node head = new Node(0, null, 1);
        Node third = head.findOrAppend(2);
        assertEquals(2, third.id);
        assertSame(third, head.next().next());
        assertSame(head, third.prev().prev());
        assertSame(third, head.findOrAppend(2), "a segment id is created once");
    }

    @Test
    void fullyCleanedSegmentWithoutPointersIsUnlinked() {
        Node head = new Node(0, null, 1);
        Node tail = head.findOrAppend(2);
        Node middle = head.next();
        middle.onSlotCleaned();
        assertFalse(middle.isRemoved());
        middle.onSlotCleaned();
        assertTrue(middle.isRemoved());
        assertSame(tail, head.next(), "head now links straight to the tail");
        assertSame(head, tail.prev());
        assertSame(tail, head.findOrAppend(1), "a search for a removed id lands on the next alive segment");
    }

    @Test
    void segmentReferencedByAPointerStays() {
        Node head = new Node(0, null, 1);
        head.findOrAppend(2);
        Node middle = head.next();
        assertTrue(middle.tryIncPointers());
        middle.onSlotCleaned();
        middle.onSlotCleaned();
        assertFalse(middle.isRemoved());
        assertTrue(middle.decPointers(), "dropping the last pointer makes it removable");
        middle.remove();
        assertSame(head.next().id, 2L);
        assertFalse(middle.tryIncPointers(), "no pointer may move to a removed segment");
    }

    @Test
    void tailIsNeverRemoved() {
        Node head = new Node(0, null, 1);
        Node tail = head.findOrAppend(1);
        tail.onSlotCleaned();
        tail.onSlotCleaned();
        assertFalse(tail.isRemoved());
        assertSame(tail, head.next());
    }

    @Test
    void closedListRefusesNewSegments() {
        Node head = new Node(0, null, 1);
        Node last = head.findOrAppend(1);
        assertSame(last, head.closeList());
        assertNull(head.findOrAppend(5));
        assertNull(last.next());
    }

    @Test
    void longRunsOfCleanedSegmentsCollapse() {
        Node head = new Node(0, null, 1);
        Node tail = head.findOrAppend(1000);
        for (Node n = head.next(); n != tail; ) {
            Node next = n.next();
            n.onSlotCleaned();
            n.onSlotCleaned();
            n = next;
        }
        assertSame(tail, head.next());
        assertSame(head, tail.prev());
    }
}
