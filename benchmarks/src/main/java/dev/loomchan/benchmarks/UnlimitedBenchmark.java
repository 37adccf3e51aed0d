package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Capacities;
import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Unlimited: one sender and one receiver over an unbounded channel; the sender never waits, so the buffer grows as far
 * as the receiver lags.
 */
@State(Scope.Benchmark)
public class UnlimitedBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "KOTLIN", "JOX", "LINKED_BLOCKING_QUEUE", "LINKED_TRANSFER_QUEUE"})
    public Impl impl;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long unlimited() throws InterruptedException {
        long received = impl.peer().transfer(Capacities.UNLIMITED, 1, 1, elements);
        return Checksums.verify(Checksums.sent(1, elements), received);
    }
}
