package dev.loomchan.zerocopy;

import dev.loomchan.Channel;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No allocation per transfer in steady state: a full cycle (acquire, write, send, receive, read, release) through a
 * zero-copy channel allocates no more per element than a plain loomchan channel carrying preallocated objects, whose
 * only allocation is its share of the engine's segments. Measured with the JVM's per-thread allocation counter, on one
 * thread, so that the count is exact; a single object per cycle (16 bytes or more) fails the test.
 */
class TransferAllocationTest {
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ELEMENTS = 500_000;
    private static final int BURST = 64;
    /** Bytes per element allowed above the plain channel: rounding and the measurement's own noise. */
    private static final double SLACK_BYTES = 4.0;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aZeroCopyCycleAllocatesNoMoreThanAPlainChannel() {
        DescriptorPool pool = DescriptorPool.create(1024, BURST);
        ZeroCopyChannel zeroCopy = ZeroCopyChannel.buffered(pool, BURST);
        Channel<Object> plain = Channel.buffered(BURST);
        Object[] elements = new Object[BURST];
        for (int i = 0; i < BURST; i++) {
            elements[i] = new Object();
        }
        double plainBytes = bytesPerElement(() -> plainBursts(plain, elements));
        double zeroCopyBytes = bytesPerElement(() -> zeroCopyBursts(pool, zeroCopy));
        assertTrue(zeroCopyBytes <= plainBytes + SLACK_BYTES, "zero-copy cycle: " + zeroCopyBytes
                + " bytes per element, plain channel: " + plainBytes);
        assertTrue(pool.statistics().bytesMoved() > 0, "the transfers happened");
    }

    private static long plainBursts(Channel<Object> channel, Object[] elements) throws InterruptedException {
        long sink = 0;
        for (int i = 0; i < ELEMENTS / BURST; i++) {
            for (Object element : elements) {
                channel.send(element);
            }
            for (int k = 0; k < BURST; k++) {
                sink += channel.receive().hashCode();
            }
        }
        return sink;
    }

    private static long zeroCopyBursts(DescriptorPool pool, ZeroCopyChannel channel) throws InterruptedException {
        long sink = 0;
        for (int i = 0; i < ELEMENTS / BURST; i++) {
            for (int k = 0; k < BURST; k++) {
                Descriptor d = pool.acquire();
                d.buffer().putLong(0, k);
                channel.send(d.length(1024));
            }
            for (int k = 0; k < BURST; k++) {
                Descriptor d = channel.receive();
                sink += d.buffer().getLong(0);
                d.release();
            }
        }
        return sink;
    }

    private static double bytesPerElement(Workload body) {
        try {
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                body.run();
            }
            long tid = Thread.currentThread().threadId();
            long before = THREADS.getThreadAllocatedBytes(tid);
            long sink = body.run();
            long after = THREADS.getThreadAllocatedBytes(tid);
            if (sink == Long.MIN_VALUE) {
                System.out.println(sink); // keeps the result alive
            }
            return (double) (after - before) / ELEMENTS;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    private interface Workload {
        long run() throws InterruptedException;
    }
}
