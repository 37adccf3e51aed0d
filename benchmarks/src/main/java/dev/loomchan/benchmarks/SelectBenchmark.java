package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Select: one receiver selects over receive clauses of 1, 2 or 4 rendezvous channels, each fed by its own sender. Each
 * select builds its clauses afresh, as a select loop in user code does.
 *
 * <p>Six warm-up iterations, not two: an invocation takes about a second here, so two iterations are two invocations,
 * and the JIT was still recompiling the scheduler's submit paths after them (measured iterations then spread 1.5x to
 * 2.3x, for every implementation, and settled by the sixth second).
 */
@State(Scope.Benchmark)
@Warmup(iterations = 6, time = 1, timeUnit = TimeUnit.SECONDS)
public class SelectBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "KOTLIN", "JOX"})
    public Impl impl;

    @Param({"1", "2", "4"})
    public int clauses;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long select() throws InterruptedException {
        long received = impl.selectPeer().select(clauses, elements);
        return Checksums.verify(Checksums.sent(clauses, elements), received);
    }
}
