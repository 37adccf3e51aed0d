package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parallel: 10,000 independent channels, each with its own sending and receiving virtual thread (or coroutine): many
 * channels at once, no contention between them. Capacity 0, 16 or 100, as in jox's suite.
 */
@State(Scope.Benchmark)
public class ParallelBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "KOTLIN", "JOX", "JDK_QUEUE"})
    public Impl impl;

    @Param({"0", "16", "100"})
    public int capacity;

    @Param(Sizes.CROWD_PARAM)
    public int pairs;

    @Param(Sizes.CROWD_ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.CROWD_ELEMENTS)
    public long parallel() throws InterruptedException {
        long received = impl.peer().parallel(capacity, pairs, elements);
        return Checksums.verify(Checksums.sent(pairs, elements), received);
    }
}
