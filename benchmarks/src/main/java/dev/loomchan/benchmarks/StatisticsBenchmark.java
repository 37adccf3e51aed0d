package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Statistics: one sender and one receiver over a rendezvous channel and over a buffer of 16, with the channel's
 * statistics never read (LOOMCHAN) and read every millisecond by another thread (LOOMCHAN_STATISTICS_READ). The two
 * must be within noise: the statistics add no write to the send and receive paths.
 */
@State(Scope.Benchmark)
public class StatisticsBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "LOOMCHAN_STATISTICS_READ"})
    public Impl impl;

    @Param({"0", "16"})
    public int capacity;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long transfer() throws InterruptedException {
        long received = impl.peer().transfer(capacity, 1, 1, elements);
        return Checksums.verify(Checksums.sent(1, elements), received);
    }
}
