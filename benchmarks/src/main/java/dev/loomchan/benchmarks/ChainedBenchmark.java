package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Chained: 10,000 channels in a chain with one virtual thread (or coroutine) per stage, each receiving from one channel
 * and sending to the next. ns/op is per hop: one element moved through one channel. Capacity 0, 16 or 100, as in jox's
 * suite; the JDK peer is a SynchronousQueue for 0 and an ArrayBlockingQueue otherwise.
 */
@State(Scope.Benchmark)
public class ChainedBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "KOTLIN", "JOX", "JDK_QUEUE"})
    public Impl impl;

    @Param({"0", "16", "100"})
    public int capacity;

    @Param(Sizes.CROWD_PARAM)
    public int channels;

    @Param(Sizes.CROWD_ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.CROWD_ELEMENTS)
    public long chained() throws InterruptedException {
        long received = impl.peer().chain(capacity, channels, elements);
        return Checksums.verify(Checksums.sequence(Checksums.share(elements, channels)), received);
    }
}
