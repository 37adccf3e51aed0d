package dev.loomchan.internal;

import dev.loomchan.Channel;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast paths allocate nothing but segments: a send into a buffer with room and a receive of a buffered element
 * write into cells of segments that are allocated once per {@link BufferedChannel#SEGMENT_SIZE} cells.
 *
 * <p>{@code tryReceive}'s successful result is an object (Java has no value classes); it is left out here, and the
 * failed {@code trySend}/{@code tryReceive} results are shared constants, checked to allocate nothing.
 *
 * <p>Measured with the JVM's per-thread allocation counter, which counts bytes, not time, so the bound is exact
 * enough for a unit test: the only allocation allowed per element is its share of a segment. A single extra object
 * per operation (a waiter, a boxed value, a result, a lambda) is at least 16 bytes and fails the test.
 */
class FastPathAllocationTest {
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 1_000_000;
    /** A few bytes per element for rounding and for the measurement's own noise. */
    private static final double SLACK_BYTES = 4.0;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Preallocated elements, so that no boxing is counted. */
    private static final Object[] ELEMENTS = new Object[1024];

    static {
        for (int i = 0; i < ELEMENTS.length; i++) {
            ELEMENTS[i] = new Object();
        }
    }

    @Test
    void bufferedSendAndReceiveAllocateOnlySegments() throws InterruptedException {
        Channel<Object> ch = Channel.buffered(64);
        double perElement = bytesPerElement(() -> {
            long sink = 0;
            for (int i = 0; i < MEASURED; i++) {
                try {
                    ch.send(ELEMENTS[i & 1023]);
                    sink += ch.receive().hashCode();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return sink;
        });
        assertAtMostSegments(perElement, "buffered(64) send + receive");
    }

    @Test
    void bufferedBurstsAllocateOnlySegments() {
        Channel<Object> ch = Channel.buffered(64);
        double perElement = bytesPerElement(() -> {
            long sink = 0;
            try {
                for (int i = 0; i < MEASURED / 64; i++) {
                    for (int k = 0; k < 64; k++) {
                        ch.send(ELEMENTS[k]);
                    }
                    for (int k = 0; k < 64; k++) {
                        sink += ch.receive().hashCode();
                    }
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return sink;
        });
        assertAtMostSegments(perElement, "buffered(64) bursts of 64 sends then 64 receives");
    }

    @Test
    void unlimitedSendAndReceiveAllocateOnlySegments() throws InterruptedException {
        Channel<Object> ch = Channel.unlimited();
        double perElement = bytesPerElement(() -> {
            long sink = 0;
            for (int i = 0; i < MEASURED; i++) {
                try {
                    ch.send(ELEMENTS[i & 1023]);
                    sink += ch.receive().hashCode();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return sink;
        });
        assertAtMostSegments(perElement, "unlimited send + receive");
    }

    @Test
    void failedTryOperationsAllocateNothingButSegments() {
        Channel<Object> ch = Channel.rendezvous();
        double perElement = bytesPerElement(() -> {
            long failures = 0;
            for (int i = 0; i < MEASURED; i++) {
                if (!ch.trySend(ELEMENTS[i & 1023]).isSuccess()) {
                    failures++;
                }
                if (!ch.tryReceive().isSuccess()) {
                    failures++;
                }
            }
            assertEquals(2L * MEASURED, failures);
            return failures;
        });
        // Neither call even takes a cell when nobody waits: nothing at all is allocated.
        assertTrue(perElement < SLACK_BYTES, "failed trySend + tryReceive allocate " + perElement + " bytes per pair");
    }

    /** Runs {@code body} once to warm up (its result discarded), then again, measuring bytes per element. */
    private static double bytesPerElement(LongSupplier body) {
        for (int round = 0; round < WARM_UP / 1000 && round < 3; round++) {
            body.getAsLong();
        }
        long tid = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        long sink = body.getAsLong();
        long after = THREADS.getThreadAllocatedBytes(tid);
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink); // keeps the result alive
        }
        return (double) (after - before) / MEASURED;
    }

    /** A segment: its object, its cell array of 2 slots per cell; shared by SEGMENT_SIZE elements. */
    private static void assertAtMostSegments(double perElement, String what) {
        double segmentBytes = 48 + 16 + 2.0 * BufferedChannel.SEGMENT_SIZE * 8; // generous: uncompressed references
        double bound = segmentBytes / BufferedChannel.SEGMENT_SIZE + SLACK_BYTES;
        assertTrue(perElement <= bound, what + ": " + perElement + " bytes per element, more than a segment's share ("
                + bound + ")");
    }
}
