package dev.loomchan.benchmarks.report;

import org.openjdk.jmh.annotations.Benchmark;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * One shape of the suite: its benchmark class (which has exactly one {@code @Benchmark} method), a title and a line of
 * description for the report, and the element counts for the quick and smoke runs (the full run keeps the class's
 * default).
 *
 * @param title          the report's heading, e.g. "Buffered"
 * @param description    what the shape does, one sentence
 * @param benchmarkClass the JMH class
 * @param quickElements  element transfers per invocation in a {@code --quick} run
 * @param smokeElements  element transfers per invocation in the smoke test: as few as still exercise the shape
 */
public record Shape(String title, String description, Class<?> benchmarkClass, int quickElements, int smokeElements) {

    /** The shape's one {@code @Benchmark} method. */
    public Method benchmarkMethod() {
        Method[] methods = Arrays.stream(benchmarkClass.getMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .toArray(Method[]::new);
        if (methods.length != 1) {
            throw new IllegalStateException(benchmarkClass.getName() + " must have exactly one @Benchmark method, has "
                    + methods.length);
        }
        return methods[0];
    }

    /** JMH's name of the benchmark: {@code class.method}. */
    public String jmhName() {
        return benchmarkClass.getName() + "." + benchmarkMethod().getName();
    }
}
