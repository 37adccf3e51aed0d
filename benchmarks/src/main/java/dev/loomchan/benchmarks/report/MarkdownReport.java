package dev.loomchan.benchmarks.report;

import dev.loomchan.benchmarks.Impl;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes docs/benchmarks.md: how the run was made (machine, JDK, command, settings, versions), a summary of loomchan
 * against Kotlin and jox, then one table per shape and parameter set with a row per implementation: median ns/op, the
 * min-max of the measured iterations, their max/min ratio, B/op, and the implementation's time relative to loomchan's.
 */
public final class MarkdownReport {
    private static final String LOOMCHAN = Impl.LOOMCHAN.name();

    private final RunInfo run;
    private final Map<Shape, Map<String, List<CaseResult>>> tables = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();

    /** @param results in catalogue order */
    public MarkdownReport(RunInfo run, List<CaseResult> results) {
        this.run = run;
        for (CaseResult r : results) {
            BenchmarkCase c = r.benchmarkCase();
            tables.computeIfAbsent(c.shape(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(c.table(), t -> new ArrayList<>())
                    .add(r);
        }
    }

    /** The whole document. */
    public String render() {
        out.setLength(0);
        header();
        summary();
        for (Map.Entry<Shape, Map<String, List<CaseResult>>> shape : tables.entrySet()) {
            shapeSection(shape.getKey(), shape.getValue());
        }
        failures();
        return out.toString();
    }

    private void header() {
        line("# Benchmarks");
        line("");
        line("Written by `./loomchan bench` (module `benchmarks`); do not edit by hand.");
        line("");
        if (!"full".equals(run.profile().name())) {
            line("> **This is a `--" + run.profile().name() + "` smoke run.** Every case ran once in a short fork with "
                    + "small element counts, to prove that the whole path works; the numbers are noisy and not to be "
                    + "quoted. The full suite (`./loomchan bench`, under 30 minutes on 2 cores) is to be run on a "
                    + "quiet machine.");
            line("");
        }
        if (run.only() != null) {
            line("> Subset: only the cases matching `" + run.only() + "`.");
            line("");
        }
        line("| | |");
        line("|---|---|");
        line("| machine | " + run.machine().describe() + " |");
        line("| JDK | " + run.machine().jdk() + " |");
        line("| JVM flags | `" + String.join(" ", run.jvmFlags()) + "` (default GC) |");
        line("| date | " + run.started().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)) + " |");
        line("| command | `" + cell(run.command()) + "` |");
        line("| loomchan revision | " + run.revision() + " |");
        line("| settings | " + run.profile().describe() + "; JMH average time with the GC profiler |");
        line("| versions | " + Versions.describe() + " |");
        line("| duration | " + Durations.format(run.duration()) + " |");
        line("| load average (1 min) | " + run.load() + " |");
        line("");
        line("How to read: **ns/op** is nanoseconds per element transferred (`@OperationsPerInvocation`), the "
                + "median of the measured iterations; **min-max** and **max/min** show how steady the iterations were; "
                + "**B/op** is bytes allocated per element by all threads (`-prof gc`, `gc.alloc.rate.norm`); "
                + "**× loomchan** is the implementation's median over loomchan's: above 1, loomchan is faster; "
                + "**receiver saw** (conflated only) is the share of the elements sent that the receiver took, the "
                + "rest being dropped: the more it takes, the more the sender meets it in the channel's cells. "
                + "loomchan, jox and the JDK queues run on virtual threads, Kotlin on coroutines on "
                + "`Dispatchers.Default` (entered with `runBlocking`), JCTools, Agrona and the spin hand-off busy-spin "
                + "on platform threads.");
        line("");
    }

    private void summary() {
        line("## Summary: loomchan against Kotlin and jox");
        line("");
        line("| case | loomchan ns/op | Kotlin ns/op (× loomchan) | jox ns/op (× loomchan) | fastest other |");
        line("|---|---:|---:|---:|---|");
        for (Map<String, List<CaseResult>> shapeTables : tables.values()) {
            for (Map.Entry<String, List<CaseResult>> table : shapeTables.entrySet()) {
                List<CaseResult> rows = table.getValue();
                Optional<CaseResult> loomchan = find(rows, LOOMCHAN);
                line("| " + table.getKey()
                        + " | " + loomchan.filter(CaseResult::succeeded).map(r -> ns(r.median())).orElse("—")
                        + " | " + versus(find(rows, Impl.KOTLIN.name()), loomchan)
                        + " | " + versus(find(rows, Impl.JOX.name()), loomchan)
                        + " | " + fastestOther(rows) + " |");
            }
        }
        line("");
    }

    private void shapeSection(Shape shape, Map<String, List<CaseResult>> shapeTables) {
        line("## " + shape.title());
        line("");
        line(shape.description());
        line("");
        for (Map.Entry<String, List<CaseResult>> table : shapeTables.entrySet()) {
            if (shapeTables.size() > 1 || !table.getKey().equals(shape.title())) {
                line("### " + table.getKey());
                line("");
            }
            boolean seen = table.getValue().stream().anyMatch(r -> !Double.isNaN(r.seenShare()));
            line("| implementation | runs on | ns/op (median) | min-max | max/min | B/op | × loomchan |"
                    + (seen ? " receiver saw |" : ""));
            line("|---|---|---:|---:|---:|---:|---:|" + (seen ? "---:|" : ""));
            Optional<CaseResult> loomchan = find(table.getValue(), LOOMCHAN);
            for (CaseResult r : table.getValue()) {
                row(r, loomchan, seen);
            }
            line("");
        }
    }

    /** One implementation's row; {@code seen} adds the column of the share of elements the receiver saw. */
    private void row(CaseResult r, Optional<CaseResult> loomchan, boolean seen) {
        Impl impl = Impl.valueOf(r.benchmarkCase().impl());
        String name = impl == Impl.LOOMCHAN ? "**" + impl.displayName() + "**" : impl.displayName();
        if (!r.succeeded()) {
            line("| " + name + " | " + impl.threading().description() + " | failed | | | | |" + (seen ? " |" : ""));
            return;
        }
        line("| " + name
                + " | " + impl.threading().description()
                + " | " + ns(r.median())
                + " | " + ns(r.min()) + "-" + ns(r.max())
                + " | " + format("%.2f", r.steadiness())
                + " | " + bytes(r.bytesPerOp())
                + " | " + ratio(r, loomchan) + " |"
                + (seen ? " " + share(r.seenShare()) + " |" : ""));
    }

    /** A share as a percentage with the precision that matters: 42%, 4.2%, 0.42%, 0.002%. */
    static String share(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double percent = value * 100;
        String digits = percent >= 10 ? "%.0f" : percent >= 1 ? "%.1f" : percent >= 0.1 ? "%.2f" : "%.3f";
        return format(digits, percent) + "%";
    }

    private void failures() {
        List<CaseResult> failed = tables.values().stream()
                .flatMap(t -> t.values().stream())
                .flatMap(List::stream)
                .filter(r -> !r.succeeded())
                .toList();
        if (failed.isEmpty()) {
            return;
        }
        line("## Failed cases");
        line("");
        for (CaseResult r : failed) {
            line("- `" + r.benchmarkCase().id() + "`: " + firstLine(r.failure()));
        }
        line("");
    }

    private static Optional<CaseResult> find(List<CaseResult> rows, String impl) {
        return rows.stream().filter(r -> r.benchmarkCase().impl().equals(impl)).findFirst();
    }

    private static String versus(Optional<CaseResult> peer, Optional<CaseResult> loomchan) {
        return peer.filter(CaseResult::succeeded)
                .map(p -> ns(p.median()) + " (" + ratio(p, loomchan) + ")")
                .orElse("—");
    }

    private static String fastestOther(List<CaseResult> rows) {
        return rows.stream()
                .filter(CaseResult::succeeded)
                .filter(r -> !r.benchmarkCase().impl().equals(LOOMCHAN))
                .min((a, b) -> Double.compare(a.median(), b.median()))
                .map(r -> Impl.valueOf(r.benchmarkCase().impl()).displayName() + " " + ns(r.median()))
                .orElse("—");
    }

    private static String ratio(CaseResult r, Optional<CaseResult> loomchan) {
        return loomchan.filter(CaseResult::succeeded)
                .map(l -> format("%.2f", r.median() / l.median()))
                .orElse("n/a");
    }

    /** ns with the precision that matters: 4123, 412, 41.2, 4.12. */
    static String ns(double value) {
        if (value >= 100) {
            return format("%.0f", value);
        }
        return value >= 10 ? format("%.1f", value) : format("%.2f", value);
    }

    static String bytes(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 10 ? format("%.0f", value) : format("%.1f", value);
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl);
    }

    /** Text for a table cell: a '|' would end the cell, even inside backticks. */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
