package dev.loomchan.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Conflated: one sender sends into a channel that keeps only the latest element, then closes it; one receiver iterates
 * until the close. ns/op is per element sent. jox and the JDK have no conflated channel.
 */
@State(Scope.Benchmark)
public class ConflatedBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "KOTLIN"})
    public Impl impl;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long conflated() throws InterruptedException {
        long seen = impl.conflatedPeer().conflated(elements);
        if (seen < 1 || seen > elements) {
            throw new IllegalStateException("the receiver saw " + seen + " of " + elements + " conflated elements");
        }
        return seen;
    }
}
