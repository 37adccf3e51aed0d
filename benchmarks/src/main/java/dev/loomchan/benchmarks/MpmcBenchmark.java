package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Multi-producer, multi-consumer: 1, 2 or 4 senders and as many receivers over one channel with a buffer of
 * {@value #CAPACITY}. Each sender sends, and each receiver receives, an equal share of the elements.
 */
@State(Scope.Benchmark)
public class MpmcBenchmark extends ShapeBenchmark {
    /** The buffer of the one shared channel. */
    public static final int CAPACITY = 64;

    @Param({"LOOMCHAN", "KOTLIN", "JOX", "ARRAY_BLOCKING_QUEUE", "LINKED_BLOCKING_QUEUE", "JCTOOLS_MPMC",
            "AGRONA_MPMC"})
    public Impl impl;

    /** Senders, and as many receivers. */
    @Param({"1", "2", "4"})
    public int senders;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long mpmc() throws InterruptedException {
        long received = impl.peer().transfer(CAPACITY, senders, senders, elements);
        return Checksums.verify(Checksums.sent(senders, elements), received);
    }
}
