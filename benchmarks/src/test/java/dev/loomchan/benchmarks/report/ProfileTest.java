package dev.loomchan.benchmarks.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {

    private static Shape shape(String title) {
        return Catalogue.shapes().stream().filter(s -> s.title().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void theFullRunWarmsUpLongerWhereABenchmarkClassAsksForIt() {
        Profile full = Profile.full();
        assertEquals(2, full.warmupIterationsFor(shape("Rendezvous")));
        assertEquals(6, full.warmupIterationsFor(shape("Select")));
    }

    @Test
    void quickAndSmokeRunsKeepTheirOwnWarmUp() {
        Profile quick = Profile.quick();
        assertEquals(quick.warmupIterations(), quick.warmupIterationsFor(shape("Select")));
    }

    @Test
    void theReportSaysWhichShapesWarmUpLonger() {
        String settings = Profile.full().describe();
        assertTrue(settings.contains("2 warm-up iterations (6 for Select) of at least 1 s"), settings);
        assertTrue(!Profile.quick().describe().contains("for Select"), Profile.quick().describe());
    }
}
