package dev.loomchan.benchmarks.report;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.util.Collection;

/**
 * JMH's console output, kept instead of printed: the runner prints one line per case itself, and shows what JMH said
 * (a stack trace, a forked VM that would not start) only for a case that failed. Keeps the last
 * {@value #KEEP_CHARS} characters.
 */
final class CapturingOutput implements OutputFormat {
    private static final int KEEP_CHARS = 20_000;

    private final StringBuilder text = new StringBuilder();

    /** What JMH printed, the tail of it if it was long. */
    String text() {
        return text.toString();
    }

    @Override
    public void print(String s) {
        text.append(s);
        if (text.length() > 2 * KEEP_CHARS) {
            text.delete(0, text.length() - KEEP_CHARS);
        }
    }

    @Override
    public void println(String s) {
        print(s + System.lineSeparator());
    }

    @Override
    public void verbosePrintln(String s) {
        println(s);
    }

    @Override
    public void write(int b) {
        print(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] b) {
        print(new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        // the runner reports per case, not per iteration
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                                IterationResult data) {
        println(params.getType() + " iteration " + iteration + ": " + data.getPrimaryResult());
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        println("start " + benchParams.id());
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        println("end " + (result == null ? "(no result)" : result.getPrimaryResult()));
    }

    @Override
    public void startRun() {
        // nothing to say
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        // nothing to say
    }

    @Override
    public void flush() {
        // kept in memory
    }

    @Override
    public void close() {
        // kept in memory
    }
}
