package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Capacities;
import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Rendezvous: one sender and one receiver meet for every element, over a channel without buffer. The floors run the
 * same shape: a one-slot park/unpark hand-off (what any parking channel pays at least) and a one-slot spin hand-off on
 * platform threads (what the hardware pays).
 */
@State(Scope.Benchmark)
public class RendezvousBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "LOOMCHAN_ONE_CARRIER", "KOTLIN", "JOX", "SYNCHRONOUS_QUEUE", "LINKED_TRANSFER_QUEUE", "EXCHANGER",
            "PARKING_HAND_OFF", "SPIN_HAND_OFF"})
    public Impl impl;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long rendezvous() throws InterruptedException {
        long received = impl.peer().transfer(Capacities.RENDEZVOUS, 1, 1, elements);
        return Checksums.verify(Checksums.sent(1, elements), received);
    }
}
