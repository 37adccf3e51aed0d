package dev.loomchan.rendezvous;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A round trip allocates the call object and nothing else but its share of the channel's segments: no waiter for the
 * caller (the call waits in its cell as itself), none for a serving loop (it reuses one), no reply channel, no boxed
 * result. Measured with the JVM's per-thread allocation counters on platform threads, which count bytes exactly, so
 * one extra object per call (16 bytes or more) fails the test.
 */
@Timeout(60)
class CallAllocationTest {
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 60_000;
    /** The call: header and eleven fields with compressed references, rounded to 8 bytes. */
    private static final int CALL_OBJECT_BYTES = 56;
    /** A segment of 32 cells (about 330 bytes with its cell array) shared by 32 calls, plus measuring noise. */
    private static final double SEGMENT_SHARE_AND_SLACK = 14.0;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final Integer[] REQUESTS = new Integer[1024];
    private static final String REPLY = "ok";

    static {
        for (int i = 0; i < REQUESTS.length; i++) {
            REQUESTS[i] = 10_000 + i; // outside the Integer cache, but made once
        }
    }

    @Test
    void aRoundTripAllocatesOnlyTheCall() throws Exception {
        RequestChannel<Integer, String> ch = RequestChannel.create();
        Thread server = Thread.ofPlatform().name("allocation-server").start(() -> {
            try {
                ch.serve(q -> REPLY);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        calls(ch, WARM_UP);
        long serverId = server.threadId();
        long callerId = Thread.currentThread().threadId();
        long serverBefore = THREADS.getThreadAllocatedBytes(serverId);
        long callerBefore = THREADS.getThreadAllocatedBytes(callerId);
        calls(ch, MEASURED);
        long callerAfter = THREADS.getThreadAllocatedBytes(callerId);
        long serverAfter = THREADS.getThreadAllocatedBytes(serverId);
        ch.close();
        server.join();

        double caller = (double) (callerAfter - callerBefore) / MEASURED;
        double serverSide = (double) (serverAfter - serverBefore) / MEASURED;
        String report = String.format("per call: caller %.1f B, server %.1f B", caller, serverSide);
        System.out.println("CallAllocationTest " + report);
        assertTrue(caller + serverSide <= CALL_OBJECT_BYTES + SEGMENT_SHARE_AND_SLACK, report);
        assertTrue(serverSide <= SEGMENT_SHARE_AND_SLACK, "the serving loop allocates per call: " + report);
    }

    private static void calls(RequestChannel<Integer, String> ch, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            assertEquals(REPLY, ch.call(REQUESTS[i & 1023]));
        }
    }
}
