package dev.loomchan.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CaseResultTest {
    private static final BenchmarkCase CASE = new BenchmarkCase(Catalogue.shapes().getFirst(), Map.of(), "LOOMCHAN");

    @Test
    void theMedianOfAnOddCountIsTheMiddleScore() {
        CaseResult r = new CaseResult(CASE, List.of(500.0, 100.0, 300.0), 0, null);
        assertEquals(300.0, r.median());
        assertEquals(100.0, r.min());
        assertEquals(500.0, r.max());
        assertEquals(5.0, r.steadiness());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(250.0, new CaseResult(CASE, List.of(400.0, 100.0, 200.0, 300.0), 0, null).median());
    }

    @Test
    void aFailedCaseHasNoScores() {
        CaseResult failed = CaseResult.failed(CASE, "boom");
        assertFalse(failed.succeeded());
        assertThrows(IllegalStateException.class, failed::median);
        assertThrows(IllegalArgumentException.class, () -> new CaseResult(CASE, List.of(), 0, null));
    }
}
