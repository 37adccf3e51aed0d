package dev.loomchan.benchmarks.report;

import dev.loomchan.benchmarks.Impl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./loomchan bench}: runs the suite case by case through JMH, prints a line per case as it finishes, keeps JMH's
 * JSON under target/, and writes docs/benchmarks.md. Exits with 1 if any case failed (the report still lists it), 2 on
 * bad arguments.
 */
public final class BenchRunner {
    private final BenchArguments arguments;
    private final PrintStream console;

    public BenchRunner(BenchArguments arguments, PrintStream console) {
        this.arguments = arguments;
        this.console = console;
    }

    public static void main(String[] args) throws IOException {
        BenchArguments arguments;
        try {
            arguments = BenchArguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new BenchRunner(arguments, System.out).run() ? 0 : 1);
    }

    /**
     * The flags of the forked benchmark JVMs: a fixed heap, what Agrona (and, on JDK 24+, Unsafe users) need, and the
     * engine settings ({@code -Dloomchan.*}) and virtual-thread scheduler settings ({@code -Djdk.virtualThreadScheduler.*})
     * the runner itself was given.
     */
    public static List<String> benchmarkJvmFlags() {
        List<String> flags = new ArrayList<>(List.of("-Xms2g", "-Xmx2g",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("loomchan.") || key.startsWith("jdk.virtualThreadScheduler."))
                .sorted()
                .forEach(key -> flags.add("-D" + key + "=" + System.getProperty(key)));
        return flags;
    }

    /** Runs the cases and writes the report; true if every case succeeded. */
    public boolean run() throws IOException {
        List<BenchmarkCase> cases = arguments.only() == null
                ? Catalogue.cases()
                : Catalogue.matching(arguments.only());
        if (arguments.list()) {
            cases.forEach(c -> console.println(c.id()));
            return true;
        }
        if (cases.isEmpty()) {
            console.println("bench: no case matches '" + arguments.only() + "'; --list shows their names");
            return false;
        }
        Profile profile = arguments.profile();
        console.printf(Locale.ROOT, "bench: %d cases, %s profile (%s)%n", cases.size(), profile.name(),
                profile.describe());
        prepareResultsDir();
        ZonedDateTime started = ZonedDateTime.now();
        String loadAtStart = MachineInfo.loadAverage();
        Instant start = Instant.now();
        JmhCaseRunner runner = new JmhCaseRunner(profile, benchmarkJvmFlags(), arguments.results());
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            CaseResult result = runner.run(cases.get(i), i + 1);
            results.add(result);
            console.println(progressLine(i + 1, cases.size(), Duration.between(start, Instant.now()), result));
        }
        RunInfo info = new RunInfo(arguments.command(), arguments.revision(), started,
                Duration.between(start, Instant.now()), profile, arguments.only(), MachineInfo.current(),
                benchmarkJvmFlags(), loadAtStart + " at start, " + MachineInfo.loadAverage() + " at end");
        Path report = arguments.reportFile();
        Path parent = report.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(report, new MarkdownReport(info, results).render());
        long failed = results.stream().filter(r -> !r.succeeded()).count();
        console.printf(Locale.ROOT, "bench: wrote %s (%d cases, %d failed) in %s; JMH JSON in %s%n", report,
                results.size(), failed, Durations.format(info.duration()), arguments.results());
        return failed == 0;
    }

    static String progressLine(int done, int total, Duration elapsed, CaseResult r) {
        BenchmarkCase c = r.benchmarkCase();
        String head = String.format(Locale.ROOT, "[%3d/%d %s] %s · %s", done, total, Durations.format(elapsed),
                c.table(), Impl.valueOf(c.impl()).displayName());
        if (!r.succeeded()) {
            return head + ": FAILED " + r.failure().strip().lines().findFirst().orElse("");
        }
        return head + ": " + MarkdownReport.ns(r.median()) + " ns/op median (" + MarkdownReport.ns(r.min()) + "-"
                + MarkdownReport.ns(r.max()) + "), " + MarkdownReport.bytes(r.bytesPerOp()) + " B/op"
                + (Double.isNaN(r.seenShare()) ? "" : ", receiver saw " + MarkdownReport.share(r.seenShare()));
    }

    private void prepareResultsDir() throws IOException {
        Files.createDirectories(arguments.results());
        try (DirectoryStream<Path> old = Files.newDirectoryStream(arguments.results(), "*.json")) {
            for (Path file : old) {
                Files.delete(file); // JSON of an earlier run would mix with this one's
            }
        }
    }
}
