package dev.loomchan.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one case measured: the score of every measured iteration (ns per element), the bytes allocated per element,
 * for shapes whose receiver may skip elements the share it saw, or why it failed.
 *
 * @param benchmarkCase the case
 * @param scores        ns/op of each measured iteration, in run order; empty when the case failed
 * @param bytesPerOp    gc.alloc.rate.norm, bytes per element over all threads; NaN when the profiler gave none
 * @param seenShare     elements the receiver saw over elements sent, for a shape whose channel drops elements
 *                      (conflated); NaN elsewhere
 * @param failure       the error JMH reported, or null
 */
public record CaseResult(BenchmarkCase benchmarkCase, List<Double> scores, double bytesPerOp, double seenShare,
                         String failure) {

    public CaseResult {
        scores = List.copyOf(scores);
        if (failure == null && scores.isEmpty()) {
            throw new IllegalArgumentException("a case that did not fail has at least one measured iteration");
        }
    }

    /** A case whose receiver sees every element sent: no share to report. */
    public CaseResult(BenchmarkCase benchmarkCase, List<Double> scores, double bytesPerOp, String failure) {
        this(benchmarkCase, scores, bytesPerOp, Double.NaN, failure);
    }

    /** A case that did not produce a result. */
    public static CaseResult failed(BenchmarkCase benchmarkCase, String failure) {
        return new CaseResult(benchmarkCase, List.of(), Double.NaN, failure);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** The median of the measured iterations. */
    public double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return sorted().getFirst();
    }

    public double max() {
        return sorted().getLast();
    }

    /** max / min of the measured iterations: 1.0 is perfectly steady. */
    public double steadiness() {
        return max() / min();
    }

    private List<Double> sorted() {
        if (scores.isEmpty()) {
            throw new IllegalStateException(benchmarkCase.id() + " failed and has no scores");
        }
        List<Double> sorted = new ArrayList<>(scores);
        Collections.sort(sorted);
        return sorted;
    }
}
