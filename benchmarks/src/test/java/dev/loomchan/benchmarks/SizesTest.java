package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.report.BenchmarkCase;
import dev.loomchan.benchmarks.report.Catalogue;
import dev.loomchan.benchmarks.report.Shape;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "ns/op" means nanoseconds per element only while every benchmark's two element counts agree. */
class SizesTest {
    /** The parameters that split the elements between threads, channels or clauses. */
    private static final Set<String> SPLITTERS = Set.of("senders", "clauses", "channels", "pairs");

    @Test
    void operationsPerInvocationIsTheDefaultElementCount() throws Exception {
        for (Shape shape : Catalogue.shapes()) {
            int operations = shape.benchmarkMethod().getAnnotation(OperationsPerInvocation.class).value();
            String[] elements = shape.benchmarkClass().getField(BenchmarkCase.ELEMENTS).getAnnotation(Param.class)
                    .value();
            assertEquals(List.of(Integer.toString(operations)), List.of(elements), shape.title());
        }
    }

    @Test
    void moduleShapesAreInTheCatalogue() {
        for (String title : MODULE_SHAPES) {
            assertTrue(Catalogue.shapes().stream().anyMatch(s -> s.title().equals(title)), title);
        }
    }

    @Test
    void quickAndSmokeCountsSplitEvenlyInEveryCase() {
        for (BenchmarkCase c : Catalogue.cases()) {
            for (Map.Entry<String, String> param : c.params().entrySet()) {
                if (SPLITTERS.contains(param.getKey())) {
                    int parts = Integer.parseInt(param.getValue());
                    assertEquals(0, c.shape().quickElements() % parts, c.id() + " quick");
                    assertEquals(0, c.shape().smokeElements() % parts, c.id() + " smoke");
                }
            }
        }
    }

    /**
     * Shapes that measure a loomchan module against its own baseline rather than loomchan against its peers: ZeroCopy
     * compares the zerocopy module's descriptors with a copying {@code byte[]} channel (docs/zerocopy.md).
     */
    private static final Set<String> MODULE_SHAPES = Set.of("ZeroCopy");

    @Test
    void everyShapeComparesLoomchanFirstWithKotlin() throws Exception {
        for (Shape shape : Catalogue.shapes()) {
            if (MODULE_SHAPES.contains(shape.title())) {
                continue;
            }
            List<String> impls = List.of(shape.benchmarkClass().getField(BenchmarkCase.IMPL)
                    .getAnnotation(Param.class).value());
            assertEquals(Impl.LOOMCHAN.name(), impls.getFirst(), shape.title());
            if (shape.benchmarkClass() == StatisticsBenchmark.class) {
                continue; // loomchan against itself, with and without a statistics reader: no peer belongs there
            }
            assertTrue(impls.contains(Impl.KOTLIN.name()), shape.title() + " has no Kotlin row");
        }
    }
}
