package dev.loomchan.benchmarks;

import dev.loomchan.Channel;
import dev.loomchan.benchmarks.peers.Pipes;
import dev.loomchan.zerocopy.Descriptor;
import dev.loomchan.zerocopy.DescriptorPool;
import dev.loomchan.zerocopy.ZeroCopyChannel;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ZeroCopy: one sender and one receiver, each a virtual thread, pass payloads of 1 KiB or 64 KiB over a buffered
 * channel of 1024 elements.
 * <ul>
 *   <li>{@link Impl#ZEROCOPY_DESCRIPTORS}: the sender acquires a descriptor from a pool (capacity + 2 slots of the
 *       payload size, so that back-pressure comes from the channel, not the pool), stamps its sequence number into the
 *       first 8 bytes, sets the length and sends it; the receiver reads the stamp and releases it. The other bytes are
 *       never touched: the payload moves by reference.</li>
 *   <li>{@link Impl#ZEROCOPY_BATCHES}: the same, but the sender sends runs of 64 descriptors with {@code sendAll} and
 *       the receiver takes runs with {@code receiveMany}; descriptors are acquired ({@code acquire(into, max)}) and
 *       released ({@code releaseAll}) in runs too.</li>
 *   <li>{@link Impl#RAW_BUFFER_RUNS}: the floor of the runs. The same region and slots as a pool would carve, as
 *       plain Agrona buffers taken round-robin (as many as the pool of the batch case has), stamped and read the
 *       same way and sent in runs of 64 over a plain {@code Channel<UnsafeBuffer>}: no pool, no descriptor, no
 *       ownership checks. The gap between this and {@link Impl#ZEROCOPY_BATCHES} is what the zero-copy layer
 *       costs; this case itself is what a reference and one payload line moving between the cores cost.</li>
 *   <li>{@link Impl#BYTE_ARRAY_COPIES}: the sender copies a source payload into a fresh {@code byte[]} (what a
 *       pipeline does when it cannot hand its buffer over) and sends it; the receiver reads the stamp.</li>
 * </ul>
 * ns/op is nanoseconds per element; the GB/s-equivalent is {@code payload / ns}. The pool and the source payload are
 * made once per trial; every invocation starts its own two threads and channel.
 */
@State(Scope.Benchmark)
public class ZeroCopyBenchmark extends ShapeBenchmark {
    private static final int CAPACITY = 1024;
    /** Descriptors per run of the batch case, both ways. */
    private static final int RUN = Pipes.BATCH_RUN;

    @Param({"ZEROCOPY_DESCRIPTORS", "ZEROCOPY_BATCHES", "RAW_BUFFER_RUNS", "BYTE_ARRAY_COPIES"})
    public Impl impl;

    @Param({"1024", "65536"})
    public int payload;

    @Param(Sizes.PAYLOAD_ELEMENTS_PARAM)
    public int elements;

    private DescriptorPool pool;
    private byte[] source;
    /** The slots of {@link Impl#RAW_BUFFER_RUNS}: views of one cache-line-aligned off-heap region. */
    private UnsafeBuffer[] rawSlots;

    @Setup
    public void setUp() {
        // Enough slots that back-pressure comes from the channel: its buffer, plus what each side holds at a time.
        int held = impl == Impl.ZEROCOPY_BATCHES ? 2 * RUN + 2 : 2;
        pool = impl == Impl.ZEROCOPY_DESCRIPTORS || impl == Impl.ZEROCOPY_BATCHES
                ? DescriptorPool.builder().slotSize(payload).slotCount(CAPACITY + held).name("bench").build()
                : null;
        if (impl == Impl.RAW_BUFFER_RUNS) {
            int slots = CAPACITY + 2 * RUN + 2; // as many as the pool of the batch case
            ByteBuffer region = BufferUtil.allocateDirectAligned(slots * payload, 64);
            rawSlots = new UnsafeBuffer[slots];
            for (int k = 0; k < slots; k++) {
                rawSlots[k] = new UnsafeBuffer(region, k * payload, payload);
            }
        }
        source = new byte[payload];
        Arrays.fill(source, (byte) 7);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.PAYLOAD_ELEMENTS)
    public long zeroCopy() throws InterruptedException {
        long received = switch (impl) {
            case ZEROCOPY_DESCRIPTORS -> descriptors();
            case ZEROCOPY_BATCHES -> descriptorRuns();
            case RAW_BUFFER_RUNS -> rawBufferRuns();
            case BYTE_ARRAY_COPIES -> copies();
            default -> throw new IllegalArgumentException(impl + " does not run the ZeroCopy shape");
        };
        long expected = (long) elements * (elements + 1) / 2;
        if (received != expected) {
            throw new IllegalStateException("checksum " + received + ", expected " + expected);
        }
        return received;
    }

    private long descriptors() throws InterruptedException {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, CAPACITY);
        int n = elements;
        int length = payload;
        return TwoThreads.run("zero-copy", () -> {
            for (long i = 1; i <= n; i++) {
                Descriptor d = pool.acquire();
                d.buffer().putLong(0, i);
                d.length(length);
                channel.send(d);
            }
        }, () -> {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                Descriptor d = channel.receive();
                sum += d.buffer().getLong(0);
                d.release();
            }
            return sum;
        });
    }

    private long descriptorRuns() throws InterruptedException {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, CAPACITY);
        int n = elements;
        int length = payload;
        return TwoThreads.run("zero-copy runs", () -> {
            List<Descriptor> run = new ArrayList<>(RUN);
            for (long i = 1; i <= n; ) {
                run.clear();
                pool.acquire(run, (int) Math.min(RUN, n - i + 1));
                for (Descriptor d : run) {
                    d.buffer().putLong(0, i++);
                    d.length(length);
                }
                channel.sendAll(run);
            }
        }, () -> {
            long sum = 0;
            List<Descriptor> run = new ArrayList<>(RUN);
            for (int received = 0; received < n; ) {
                run.clear();
                received += channel.receiveMany(run, RUN);
                for (Descriptor d : run) {
                    sum += d.buffer().getLong(0);
                }
                pool.releaseAll(run);
            }
            return sum;
        });
    }

    private long rawBufferRuns() throws InterruptedException {
        Channel<UnsafeBuffer> channel = Channel.buffered(CAPACITY);
        UnsafeBuffer[] slots = rawSlots;
        int n = elements;
        return TwoThreads.run("raw buffer runs", () -> {
            List<UnsafeBuffer> run = new ArrayList<>(RUN);
            int next = 0;
            for (long i = 1; i <= n; ) {
                run.clear();
                int size = (int) Math.min(RUN, n - i + 1);
                for (int j = 0; j < size; j++) {
                    UnsafeBuffer slot = slots[next];
                    next = next + 1 == slots.length ? 0 : next + 1;
                    slot.putLong(0, i++);
                    run.add(slot);
                }
                channel.sendAll(run);
            }
        }, () -> {
            long sum = 0;
            List<UnsafeBuffer> run = new ArrayList<>(RUN);
            for (int received = 0; received < n; ) {
                run.clear();
                received += channel.receiveMany(run, RUN);
                for (UnsafeBuffer slot : run) {
                    sum += slot.getLong(0);
                }
            }
            return sum;
        });
    }

    private long copies() throws InterruptedException {
        Channel<byte[]> channel = Channel.buffered(CAPACITY);
        int n = elements;
        byte[] from = source;
        return TwoThreads.run("zero-copy", () -> {
            for (long i = 1; i <= n; i++) {
                byte[] frame = from.clone();
                writeLong(frame, i);
                channel.send(frame);
            }
        }, () -> {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += readLong(channel.receive());
            }
            return sum;
        });
    }

    private static void writeLong(byte[] frame, long value) {
        for (int b = 0; b < Long.BYTES; b++) {
            frame[b] = (byte) (value >>> (8 * b));
        }
    }

    private static long readLong(byte[] frame) {
        long value = 0;
        for (int b = 0; b < Long.BYTES; b++) {
            value |= (frame[b] & 0xffL) << (8 * b);
        }
        return value;
    }
}
