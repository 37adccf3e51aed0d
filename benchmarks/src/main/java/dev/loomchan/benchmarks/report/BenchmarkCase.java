package dev.loomchan.benchmarks.report;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One row of the report: a shape, the values of its own parameters (capacity, senders...), and one implementation.
 *
 * @param shape  the shape
 * @param params the shape's parameters other than {@code impl} and {@code elements}, in a fixed order
 * @param impl   the {@code impl} parameter: an {@link dev.loomchan.benchmarks.Impl} constant name
 */
public record BenchmarkCase(Shape shape, Map<String, String> params, String impl) {

    /** The parameter that names the implementation. */
    public static final String IMPL = "impl";
    /** The parameter that sets the element transfers per invocation. */
    public static final String ELEMENTS = "elements";

    public BenchmarkCase {
        params = Map.copyOf(params);
    }

    /** Shape and parameters without the implementation: the table this case is a row of. */
    public String table() {
        return params.isEmpty() ? shape.title() : shape.title() + " " + describeParams();
    }

    /** A name that {@code --only} patterns match: {@code Shape/param=value.../IMPL}. */
    public String id() {
        String p = params.isEmpty() ? "" : "/" + describeParams().replace(' ', '/');
        return shape.title() + p + "/" + impl;
    }

    private String describeParams() {
        return params.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
