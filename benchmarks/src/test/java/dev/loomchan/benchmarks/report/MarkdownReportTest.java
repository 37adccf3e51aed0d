package dev.loomchan.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {
    private static final MachineInfo MACHINE = new MachineInfo(2, "Test CPU", "24.0 GiB", "Linux 6 amd64", "JDK 25");

    @Test
    void aTableHasARowPerImplementationWithItsTimeRelativeToLoomchan() {
        String md = render(Profile.full(), "./loomchan bench");
        assertTrue(md.contains("### Buffered capacity=16"), md);
        assertTrue(md.contains("| **loomchan** | virtual threads | 100 | 90.0-120 | 1.33 | 10 | 1.00 |"), md);
        assertTrue(md.contains(
                "| Kotlin channels | coroutines on Dispatchers.Default | 200 | 200-200 | 1.00 | 0.0 | 2.00 |"), md);
    }

    @Test
    void aMissingAllocationFigureShowsAsNotAvailable() {
        assertTrue(render(Profile.full(), "x").contains(
                "| Agrona ManyToManyConcurrentArrayQueue | platform threads, busy-spin | 50.0 | 50.0-50.0 | 1.00 | n/a "
                        + "| 0.50 |"));
    }

    @Test
    void aFailedCaseIsARowAndAListedFailure() {
        String md = render(Profile.full(), "x");
        assertTrue(md.contains("| jox | virtual threads | failed |"), md);
        assertTrue(md.contains(
                "- `Buffered/capacity=16/JOX`: java.lang.IllegalStateException: checksum 1, expected 2\n"), md);
    }

    @Test
    void theSummaryComparesLoomchanWithKotlinAndJox() {
        assertTrue(render(Profile.full(), "x").contains(
                "| Buffered capacity=16 | 100 | 200 (2.00) | — | Agrona ManyToManyConcurrentArrayQueue 50.0 |"));
    }

    @Test
    void aShapeWhoseReceiverSkipsElementsShowsTheShareItSaw() {
        RunInfo run = new RunInfo("x", "abc1234", ZonedDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC),
                Duration.ofMinutes(3), Profile.full(), null, MACHINE, List.of("-Xmx2g"), "0.10 at start, 0.20 at end");
        String md = new MarkdownReport(run, List.of(
                new CaseResult(conflatedCase("LOOMCHAN"), List.of(400.0), 12, 0.42, null),
                new CaseResult(conflatedCase("KOTLIN"), List.of(80.0), 10, 0.0031, null),
                result("LOOMCHAN", List.of(100.0), 10))).render();
        assertTrue(md.contains("| implementation | runs on | ns/op (median) | min-max | max/min | B/op | × loomchan "
                + "| receiver saw |"), md);
        assertTrue(md.contains("| **loomchan** | virtual threads | 400 | 400-400 | 1.00 | 12 | 1.00 | 42% |"), md);
        assertTrue(md.contains(
                "| Kotlin channels | coroutines on Dispatchers.Default | 80.0 | 80.0-80.0 | 1.00 | 10 | 0.20 | 0.31% |"),
                md);
        assertTrue(md.contains("| **loomchan** | virtual threads | 100 | 100-100 | 1.00 | 10 | 1.00 |\n"), md);
    }

    @Test
    void aShareKeepsTheDigitsThatMatter() {
        assertEquals("54%", MarkdownReport.share(0.5432));
        assertEquals("4.3%", MarkdownReport.share(0.0432));
        assertEquals("0.51%", MarkdownReport.share(0.0051));
        assertEquals("0.002%", MarkdownReport.share(1.0 / 50_000));
        assertEquals("n/a", MarkdownReport.share(Double.NaN));
    }

    @Test
    void theHeaderSaysWhereAndHowTheNumbersWereMeasured() {
        String md = render(Profile.full(), "./loomchan bench --only 'A|B'");
        assertTrue(md.contains("| machine | 2 cores (Test CPU), 24.0 GiB, Linux 6 amd64 |"), md);
        assertTrue(md.contains("| JDK | JDK 25 |"), md);
        assertTrue(md.contains("| command | `./loomchan bench --only 'A\\|B'` |"), md);
        assertTrue(md.contains("| JVM flags | `-Xmx2g` (default GC) |"), md);
        assertTrue(md.contains("| load average (1 min) | 0.10 at start, 0.20 at end |"), md);
    }

    @Test
    void onlyAQuickRunCarriesTheSmokeRunWarning() {
        assertTrue(render(Profile.quick(), "x").contains("This is a `--quick` smoke run."));
        assertFalse(render(Profile.full(), "x").contains("smoke run"));
    }

    private static String render(Profile profile, String command) {
        RunInfo run = new RunInfo(command, "abc1234", ZonedDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC),
                Duration.ofMinutes(3), profile, null, MACHINE, List.of("-Xmx2g"), "0.10 at start, 0.20 at end");
        return new MarkdownReport(run, List.of(
                result("LOOMCHAN", List.of(100.0, 90.0, 120.0), 10),
                result("KOTLIN", List.of(200.0, 200.0), 0),
                CaseResult.failed(bufferedCase("JOX"),
                        "java.lang.IllegalStateException: checksum 1, expected 2\n\tat somewhere"),
                result("AGRONA_MPMC", List.of(50.0), Double.NaN))).render();
    }

    private static CaseResult result(String impl, List<Double> scores, double bytes) {
        return new CaseResult(bufferedCase(impl), scores, bytes, null);
    }

    private static BenchmarkCase conflatedCase(String impl) {
        return Catalogue.matching("Conflated/" + impl + "$").getFirst();
    }

    private static BenchmarkCase bufferedCase(String impl) {
        return Catalogue.matching("Buffered/capacity=16/" + impl + "$").getFirst();
    }
}
