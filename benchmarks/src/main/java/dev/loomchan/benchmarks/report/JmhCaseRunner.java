package dev.loomchan.benchmarks.report;

import dev.loomchan.benchmarks.ConflatedBenchmark;
import dev.loomchan.benchmarks.Impl;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Runs one case through JMH's Java API (one {@link Runner} per case, so the runner can report after each) with the GC
 * profiler, keeps JMH's JSON, and turns the result into a {@link CaseResult}.
 */
final class JmhCaseRunner {
    /** The GC profiler's normalised allocation: bytes per operation, over all threads. */
    static final String ALLOCATION_PER_OP = "gc.alloc.rate.norm";
    private static final TimeValue ITERATION_TIMEOUT = TimeValue.minutes(5);

    private final Profile profile;
    private final List<String> jvmFlags;
    private final Path resultsDir;

    /**
     * @param jvmFlags   flags of the forked benchmark JVMs
     * @param resultsDir where JMH's JSON goes, one file per case
     */
    JmhCaseRunner(Profile profile, List<String> jvmFlags, Path resultsDir) {
        this.profile = profile;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.resultsDir = resultsDir;
    }

    /** Runs the case; a case JMH could not run comes back {@link CaseResult#failed failed}, with JMH's output. */
    CaseResult run(BenchmarkCase c, int index) {
        CapturingOutput output = new CapturingOutput();
        try {
            Collection<RunResult> results = new Runner(options(c, jsonFile(c, index)).build(), output).run();
            return toResult(c, results, output);
        } catch (RunnerException | RuntimeException e) {
            return CaseResult.failed(c, e + System.lineSeparator() + output.text());
        }
    }

    private ChainedOptionsBuilder options(BenchmarkCase c, Path json) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(c.shape().jmhName()) + "$")
                .param(BenchmarkCase.IMPL, c.impl())
                .forks(profile.forks())
                .warmupIterations(profile.warmupIterationsFor(c.shape()))
                .warmupTime(TimeValue.milliseconds(profile.warmupTime().toMillis()))
                .measurementIterations(profile.measurementIterations())
                .measurementTime(TimeValue.milliseconds(profile.measurementTime().toMillis()))
                .timeout(ITERATION_TIMEOUT)
                .addProfiler(GCProfiler.class)
                .jvmArgs(flagsFor(c).toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON);
        for (Map.Entry<String, String> param : c.params().entrySet()) {
            options.param(param.getKey(), param.getValue());
        }
        OptionalInt elements = profile.elementsFor(c.shape());
        if (elements.isPresent()) {
            // ns/op stays per element: the operations per invocation follow the element count
            options.param(BenchmarkCase.ELEMENTS, Integer.toString(elements.getAsInt()))
                    .operationsPerInvocation(elements.getAsInt());
        }
        return options;
    }

    /** The suite's JVM flags, then those the case's implementation adds (see {@link Impl#jvmFlags()}). */
    private List<String> flagsFor(BenchmarkCase c) {
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.addAll(Impl.valueOf(c.impl()).jvmFlags());
        return flags;
    }

    private Path jsonFile(BenchmarkCase c, int index) {
        String name = String.format(Locale.ROOT, "%03d-%s.json", index, c.id().replaceAll("[^A-Za-z0-9=_-]+", "_"));
        return resultsDir.resolve(name);
    }

    private static CaseResult toResult(BenchmarkCase c, Collection<RunResult> results, CapturingOutput output) {
        if (results.size() != 1) {
            return CaseResult.failed(c, "JMH ran " + results.size() + " benchmarks for one case"
                    + System.lineSeparator() + output.text());
        }
        RunResult run = results.iterator().next();
        String unit = run.getPrimaryResult().getScoreUnit();
        if (!"ns/op".equals(unit)) {
            return CaseResult.failed(c, "JMH reported " + unit + ", the report needs ns/op");
        }
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                scores.add(iteration.getPrimaryResult().getScore());
            }
        }
        Map<String, Result> secondary = run.getSecondaryResults();
        Result<?> allocation = secondary.get(ALLOCATION_PER_OP);
        double bytesPerOp = allocation == null ? Double.NaN : allocation.getScore();
        return new CaseResult(c, scores, bytesPerOp, seenShare(secondary), null);
    }

    /** Seen over sent, where the benchmark counts them ({@link ConflatedBenchmark.Delivery}); NaN elsewhere. */
    private static double seenShare(Map<String, Result> secondary) {
        Result<?> sent = secondary.get(ConflatedBenchmark.SENT);
        Result<?> seen = secondary.get(ConflatedBenchmark.SEEN);
        if (sent == null || seen == null || !(sent.getScore() > 0)) {
            return Double.NaN;
        }
        return seen.getScore() / sent.getScore();
    }
}
