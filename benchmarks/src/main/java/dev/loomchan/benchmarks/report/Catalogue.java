package dev.loomchan.benchmarks.report;

import dev.loomchan.benchmarks.BufferedBenchmark;
import dev.loomchan.benchmarks.ChainedBenchmark;
import dev.loomchan.benchmarks.ConflatedBenchmark;
import dev.loomchan.benchmarks.MpmcBenchmark;
import dev.loomchan.benchmarks.ParallelBenchmark;
import dev.loomchan.benchmarks.RendezvousBenchmark;
import dev.loomchan.benchmarks.RequestReplyBenchmark;
import dev.loomchan.benchmarks.SelectBenchmark;
import dev.loomchan.benchmarks.StatisticsBenchmark;
import dev.loomchan.benchmarks.UnlimitedBenchmark;
import dev.loomchan.benchmarks.ZeroCopyBenchmark;
import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The suite, in report order: every shape, and every case (shape × its parameter values × implementation) expanded
 * from the benchmarks' {@code @Param} annotations, so a peer added to a {@code @Param} list is run and reported with
 * no other change.
 */
public final class Catalogue {
    private static final List<Shape> SHAPES = List.of(
            new Shape("Rendezvous", "One sender and one receiver meet for every element (no buffer).",
                    RendezvousBenchmark.class, 20_000, 2_000),
            new Shape("Buffered", "One sender and one receiver over a buffered channel.",
                    BufferedBenchmark.class, 50_000, 4_000),
            new Shape("MPMC", "N senders and N receivers over one channel with a buffer of 64.",
                    MpmcBenchmark.class, 40_000, 4_000),
            new Shape("Chained", "10,000 channels in a chain, one thread or coroutine per stage; ns per hop.",
                    ChainedBenchmark.class, 40_000, 20_000),
            new Shape("Parallel", "10,000 independent channels, each with its own sender and receiver.",
                    ParallelBenchmark.class, 40_000, 20_000),
            new Shape("Select", "One receiver selects over N rendezvous channels, each with its own sender.",
                    SelectBenchmark.class, 20_000, 2_000),
            new Shape("Unlimited", "One sender and one receiver over an unbounded channel.",
                    UnlimitedBenchmark.class, 50_000, 4_000),
            new Shape("Conflated", "One sender into a channel that keeps only the latest element; ns per send.",
                    ConflatedBenchmark.class, 50_000, 4_000),
            new Shape("Statistics", "loomchan alone, and with another thread reading statistics() every millisecond;"
                    + " capacity 0 (rendezvous) and 16.", StatisticsBenchmark.class, 50_000, 4_000),
            new Shape("ZeroCopy", "Payloads of 1 KiB and 64 KiB from one sender to one receiver over a buffered(1024)"
                    + " channel: pooled descriptors moved by reference against a byte[] copy per element."
                    + " GB/s-equivalent = payload bytes / ns per element (docs/zerocopy.md).",
                    ZeroCopyBenchmark.class, 20_000, 2_000),
            new Shape("RequestReply", "One caller asks one server and waits for each answer; ns per round trip."
                    + " loomchan is RequestChannel; Kotlin is a CompletableDeferred in each request; the ping-pong row"
                    + " is two plain rendezvous hand-offs per round trip (the target: loomchan at most this); the"
                    + " streamed hand-off row is ns per one-way element (docs/rendezvous.md).",
                    RequestReplyBenchmark.class, 20_000, 2_000));

    private Catalogue() {
    }

    /** Every shape, in report order. */
    public static List<Shape> shapes() {
        return SHAPES;
    }

    /** Every case of the suite, in run and report order. */
    public static List<BenchmarkCase> cases() {
        List<BenchmarkCase> cases = new ArrayList<>();
        for (Shape shape : SHAPES) {
            cases.addAll(casesOf(shape));
        }
        return cases;
    }

    /** The cases whose {@link BenchmarkCase#id()} the pattern finds (a regular expression, ignoring case). */
    public static List<BenchmarkCase> matching(String pattern) {
        Pattern p = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
        return cases().stream().filter(c -> p.matcher(c.id()).find()).toList();
    }

    /** A shape's cases: each combination of its own parameters, then each implementation. */
    static List<BenchmarkCase> casesOf(Shape shape) {
        List<Field> shapeParams = Arrays.stream(shape.benchmarkClass().getFields())
                .filter(f -> f.isAnnotationPresent(Param.class))
                .filter(f -> !f.getName().equals(BenchmarkCase.IMPL) && !f.getName().equals(BenchmarkCase.ELEMENTS))
                .sorted(Comparator.comparing(Field::getName))
                .toList();
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Field field : shapeParams) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : paramValues(shape, field.getName())) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(field.getName(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        List<BenchmarkCase> cases = new ArrayList<>();
        for (Map<String, String> params : combinations) {
            for (String impl : paramValues(shape, BenchmarkCase.IMPL)) {
                cases.add(new BenchmarkCase(shape, params, impl));
            }
        }
        return cases;
    }

    /** The values of a {@code @Param} field of the shape's class. */
    static List<String> paramValues(Shape shape, String field) {
        try {
            return List.of(shape.benchmarkClass().getField(field).getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(shape.benchmarkClass().getName() + " has no @Param field " + field, e);
        }
    }
}
