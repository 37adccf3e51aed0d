package dev.loomchan.benchmarks.report;

import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * How long and how often each case runs. The full profile is sized for a 2-core machine: the whole suite in under half
 * an hour; the quick one proves the path end to end in under two minutes and its numbers are not to be quoted.
 *
 * @param name                  "full", "quick" or a test's own
 * @param forks                 JVM forks per case (0 runs in the runner's own JVM)
 * @param warmupIterations      warm-up iterations per fork
 * @param warmupTime            minimum time of a warm-up iteration (at least one invocation always runs)
 * @param measurementIterations measured iterations per fork
 * @param measurementTime       minimum time of a measured iteration
 * @param sizing                which element count each shape runs with
 */
public record Profile(String name, int forks, int warmupIterations, Duration warmupTime, int measurementIterations,
                      Duration measurementTime, Sizing sizing) {

    /** Element transfers per invocation. */
    public enum Sizing {
        /** The benchmark classes' defaults (1,000,000; 2,000,000 for chained and parallel). */
        FULL,
        /** {@link Shape#quickElements()}. */
        QUICK,
        /** {@link Shape#smokeElements()}. */
        SMOKE
    }

    /** The real run: one fork per case, 2 warm-up and 5 measured iterations of at least a second. */
    public static Profile full() {
        return new Profile("full", 1, 2, Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Sizing.FULL);
    }

    /** The smoke version of the real run: one short fork per case, small element counts. */
    public static Profile quick() {
        return new Profile("quick", 1, 1, Duration.ofMillis(50), 3, Duration.ofMillis(70), Sizing.QUICK);
    }

    /**
     * The warm-up iterations a shape runs with: the profile's, or in the full profile more where the benchmark class
     * asks for them with its own {@code @Warmup} (a shape whose invocation takes a second or more warms up in few
     * invocations, and its JIT may still be settling after two).
     */
    public int warmupIterationsFor(Shape shape) {
        if (sizing != Sizing.FULL) {
            return warmupIterations;
        }
        Warmup own = shape.benchmarkClass().getAnnotation(Warmup.class);
        return own == null ? warmupIterations : Math.max(warmupIterations, own.iterations());
    }

    /** The element count a shape runs with, or empty for the class's default. */
    public OptionalInt elementsFor(Shape shape) {
        return switch (sizing) {
            case FULL -> OptionalInt.empty();
            case QUICK -> OptionalInt.of(shape.quickElements());
            case SMOKE -> OptionalInt.of(shape.smokeElements());
        };
    }

    /** The settings, as the report states them. */
    public String describe() {
        StringBuilder longer = new StringBuilder();
        for (Shape shape : Catalogue.shapes()) {
            int own = warmupIterationsFor(shape);
            if (own != warmupIterations) {
                longer.append(longer.isEmpty() ? " (" : ", ").append(own).append(" for ").append(shape.title());
            }
        }
        if (!longer.isEmpty()) {
            longer.append(')');
        }
        return String.format(Locale.ROOT, "%s per case, %s%s of at least %s, %s of at least %s",
                plural(forks, "fork"), plural(warmupIterations, "warm-up iteration"), longer,
                Durations.format(warmupTime), plural(measurementIterations, "measured iteration"),
                Durations.format(measurementTime));
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
