package dev.loomchan.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What every shape shares: average time per element in nanoseconds, and the full run's sizes (one fork, 2 warm-up and 5
 * measured iterations of at least a second), which the runner ({@code ./loomchan bench}) sets the same way; a shape may
 * ask for more warm-up iterations with its own {@code @Warmup}, which the runner's full profile honours. Every
 * invocation builds its own channels and threads and waits for all of them, so an invocation is one complete run of the
 * shape and nothing survives from one to the next.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public abstract class ShapeBenchmark {
}
