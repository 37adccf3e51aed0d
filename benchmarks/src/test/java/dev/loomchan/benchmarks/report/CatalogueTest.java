package dev.loomchan.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogueTest {

    @Test
    void everyShapeParameterValueIsCrossedWithEveryImplementation() {
        // 9 rendezvous; 3 capacities x 10 buffered; 3 x 7 MPMC; 3 x 4 chained and parallel; 3 x 3 select;
        // 5 unlimited; 3 conflated; 2 capacities x 2 statistics; 2 payloads x 4 zero-copy; 6 request/reply
        assertEquals(9 + 30 + 21 + 12 + 12 + 9 + 5 + 3 + 4 + 8 + 6, Catalogue.cases().size());
    }

    @Test
    void caseNamesAreUniqueSoThatOnlyCanPickAnyOne() {
        List<String> ids = Catalogue.cases().stream().map(BenchmarkCase::id).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size());
    }

    @Test
    void onlyMatchesCaseNamesIgnoringCase() {
        List<BenchmarkCase> buffered16 = Catalogue.matching("buffered/capacity=16/");
        assertEquals(10, buffered16.size());
        assertTrue(buffered16.stream().allMatch(c -> c.params().equals(java.util.Map.of("capacity", "16"))));
        assertEquals(List.of("Select/clauses=2/KOTLIN"),
                Catalogue.matching("select/clauses=2/kotlin").stream().map(BenchmarkCase::id).toList());
    }

    @Test
    void aTableGroupsTheImplementationsOfOneParameterSet() {
        BenchmarkCase c = Catalogue.matching("Chained/capacity=16/channels=10000/JOX").getFirst();
        assertEquals("Chained capacity=16 channels=10000", c.table());
    }
}
