package dev.loomchan.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Conflated: one sender sends into a channel that keeps only the latest element, then closes it; one receiver iterates
 * until the close. ns/op is per element sent. jox and the JDK have no conflated channel.
 *
 * <p>How much the sender pays depends on how often the receiver runs beside it, since every element the receiver takes
 * is a meeting of the two in the same cells and counters. So the benchmark also counts, through {@link Delivery},
 * the elements sent and those the receiver saw; the report shows their ratio beside the time.
 */
@State(Scope.Benchmark)
public class ConflatedBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "LOOMCHAN_ONE_CARRIER", "KOTLIN"})
    public Impl impl;

    @Param(Sizes.ELEMENTS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.ELEMENTS)
    public long conflated(Delivery delivery) throws InterruptedException {
        long seen = impl.conflatedPeer().conflated(elements);
        if (seen < 1 || seen > elements) {
            throw new IllegalStateException("the receiver saw " + seen + " of " + elements + " conflated elements");
        }
        delivery.sent += elements;
        delivery.seen += seen;
        return seen;
    }

    /** The secondary result that counts the elements sent: {@link Delivery#sent}. */
    public static final String SENT = "sent";
    /** The secondary result that counts the elements the receiver saw: {@link Delivery#seen}. */
    public static final String SEEN = "seen";

    /** Elements sent and elements the receiver saw, summed over an iteration (JMH secondary results). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Delivery {
        public long sent;
        public long seen;
    }
}
