package dev.loomchan.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner end to end, as {@code ./loomchan bench --only} uses it: JMH forks a JVM per case with the runner's flags
 * (Agrona needs its export there), the GC profiler measures B/op, the JSON is kept, the report is written.
 */
class BenchRunnerTest {
    private static final Profile TINY = new Profile("smoke", 1, 0, Duration.ofMillis(50), 1, Duration.ofMillis(50),
            Profile.Sizing.SMOKE);
    /** ns/op, min-max, max/min, B/op (a number, not n/a) and the ratio 1.00. */
    private static final Pattern LOOMCHAN_ROW_WITH_NUMBERS = Pattern.compile(
            "\\| \\*\\*loomchan\\*\\* \\| virtual threads \\| [0-9.]+ \\| [0-9.]+-[0-9.]+ \\| [0-9.]+ \\| [0-9.]+ "
                    + "\\| 1\\.00 \\|");

    @Test
    void runsEachCaseInAForkedJvmAndWritesTheReportAndTheJson(@TempDir Path dir) throws Exception {
        // JMH refuses to start while another JMH run on the machine holds /tmp/jmh.lock; this two-case smoke run
        // measures nothing worth protecting, so it does not wait for (or fail because of) someone's real benchmark.
        System.setProperty("jmh.ignoreLock", "true");
        Path results = dir.resolve("jmh");
        BenchArguments arguments = new BenchArguments(TINY, "Buffered/capacity=16/(LOOMCHAN|AGRONA_MPMC)$", false,
                dir.resolve("unused.md"), results, "./loomchan bench --only x", "test");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        boolean ok = new BenchRunner(arguments, new PrintStream(console, true, StandardCharsets.UTF_8)).run();

        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(ok, printed);
        assertTrue(printed.contains("[  1/2 ") && printed.contains("Buffered capacity=16 · loomchan: "), printed);
        assertTrue(printed.contains("[  2/2 ") && printed.contains("Agrona ManyToManyConcurrentArrayQueue: "), printed);
        String report = Files.readString(results.resolve("benchmarks-only.md"));
        assertTrue(report.contains("| **loomchan** | virtual threads | "), report);
        assertTrue(report.contains("> Subset: only the cases matching"), report);
        assertTrue(LOOMCHAN_ROW_WITH_NUMBERS.matcher(report).find(), "loomchan's row has ns/op and B/op:\n" + report);
        try (Stream<Path> json = Files.list(results)) {
            assertEquals(2, json.filter(p -> p.toString().endsWith(".json")).count());
        }
    }

    @Test
    void listsTheCaseNamesThatOnlyMatches(@TempDir Path dir) throws Exception {
        BenchArguments arguments = BenchArguments.parse(List.of("--list", "--only", "Conflated",
                "--results", dir.toString()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new BenchRunner(arguments, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
        assertEquals(List.of("Conflated/LOOMCHAN", "Conflated/LOOMCHAN_ONE_CARRIER", "Conflated/KOTLIN"),
                console.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
