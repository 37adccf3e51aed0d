package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Buffered: one sender and one receiver over a channel with a buffer of 16, 100 or 1024. JCTools and Agrona spin on
 * platform threads (and round the capacity up to a power of two): the ceiling for a queue that never parks. loomchan
 * also runs with its batch operations, in runs of 64 each way.
 */
@State(Scope.Benchmark)
public class BufferedBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "LOOMCHAN_ONE_CARRIER", "LOOMCHAN_BATCHES", "KOTLIN", "JOX", "ARRAY_BLOCKING_QUEUE", "LINKED_BLOCKING_QUEUE", "JCTOOLS_SPSC",
            "JCTOOLS_MPMC", "AGRONA_MPMC"})
    public Impl impl;

    @Param({"16", "100", "1024"})
    public int capacity;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long buffered() throws InterruptedException {
        long received = impl.peer().transfer(capacity, 1, 1, elements);
        return Checksums.verify(Checksums.sent(1, elements), received);
    }
}
