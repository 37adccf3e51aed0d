package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.report.BenchmarkCase;
import dev.loomchan.benchmarks.report.Catalogue;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The smoke check of the suite: every case the report would show (each shape, each parameter value, each
 * implementation) runs one invocation with a few thousand elements, through the benchmark class's own {@code @Setup},
 * {@code @Benchmark} and {@code @TearDown} methods. The benchmark checks its checksum itself, so a peer that loses,
 * duplicates or hangs fails here, in seconds, instead of in a half-hour run.
 */
class EveryBenchmarkRunsTest {
    private static final Duration PER_CASE = Duration.ofSeconds(30);

    @TestFactory
    Stream<DynamicTest> everyCaseRunsOneSmallInvocation() {
        return Catalogue.cases().stream().map(c -> dynamicTest(c.id(),
                () -> assertTimeoutPreemptively(PER_CASE, () -> runOnce(c), c.id() + " hung")));
    }

    private static void runOnce(BenchmarkCase c) throws Exception {
        Class<?> type = c.shape().benchmarkClass();
        Object benchmark = type.getDeclaredConstructor().newInstance();
        type.getField(BenchmarkCase.IMPL).set(benchmark, Impl.valueOf(c.impl()));
        type.getField(BenchmarkCase.ELEMENTS).setInt(benchmark, c.shape().smokeElements());
        for (Map.Entry<String, String> param : c.params().entrySet()) {
            type.getField(param.getKey()).setInt(benchmark, Integer.parseInt(param.getValue()));
        }
        invokeAnnotated(benchmark, Setup.class);
        try {
            unwrap(c.shape().benchmarkMethod(), benchmark);
        } finally {
            invokeAnnotated(benchmark, TearDown.class);
        }
    }

    private static void invokeAnnotated(Object benchmark, Class<? extends java.lang.annotation.Annotation> phase)
            throws Exception {
        for (Method method : benchmark.getClass().getMethods()) {
            if (method.isAnnotationPresent(phase)) {
                unwrap(method, benchmark);
            }
        }
    }

    /** Invokes {@code method}, with a new instance of each {@code @State} class it takes (JMH's aux counters). */
    private static void unwrap(Method method, Object target) throws Exception {
        Object[] states = new Object[method.getParameterCount()];
        for (int i = 0; i < states.length; i++) {
            states[i] = method.getParameterTypes()[i].getDeclaredConstructor().newInstance();
        }
        try {
            method.invoke(target, states);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
