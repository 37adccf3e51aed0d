package dev.loomchan.benchmarks.report;

import java.nio.file.Path;
import java.util.List;

/**
 * The runner's command line: {@code [--quick] [--only PATTERN] [--list] [--report FILE] [--results DIR]
 * [--command TEXT] [--revision TEXT]}.
 *
 * @param profile  full, or quick with {@code --quick}
 * @param only     the {@code --only} pattern, or null
 * @param list     {@code --list}: print the case names and stop
 * @param report   where the report of a whole-suite run goes
 * @param results  where JMH's JSON (and the report of an {@code --only} run) goes
 * @param command  the command to print in the report
 * @param revision the loomchan revision to print in the report
 */
public record BenchArguments(Profile profile, String only, boolean list, Path report, Path results, String command,
                             String revision) {

    static final String USAGE = """
            usage: bench [--quick] [--only PATTERN] [--list]
              --quick         a smoke run: every case, one short fork each, small element counts (under 2 minutes)
              --only PATTERN  only the cases whose name matches PATTERN (a regular expression, any case), for example
                              'Rendezvous', 'Buffered/capacity=16', 'KOTLIN|LOOMCHAN'; the report then goes to the
                              results directory, not to docs/benchmarks.md
              --list          print every case name and stop
              --report FILE   the report of a whole-suite run (default docs/benchmarks.md)
              --results DIR   JMH's JSON, one file per case (default benchmarks/target/jmh)""";

    /** Reads the arguments; throws {@link IllegalArgumentException} with the usage on anything unknown. */
    public static BenchArguments parse(List<String> args) {
        Profile profile = Profile.full();
        String only = null;
        boolean list = false;
        Path report = Path.of("docs", "benchmarks.md");
        Path results = Path.of("benchmarks", "target", "jmh");
        String command = "bench " + String.join(" ", args);
        String revision = "unknown";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> profile = Profile.quick();
                case "--list" -> list = true;
                case "--only" -> only = value(args, ++i, arg);
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--results" -> results = Path.of(value(args, ++i, arg));
                case "--command" -> command = value(args, ++i, arg);
                case "--revision" -> revision = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return new BenchArguments(profile, only, list, report, results, command, revision);
    }

    /** The report's path: docs/benchmarks.md for the whole suite, the results directory for a subset. */
    public Path reportFile() {
        return only == null ? report : results.resolve("benchmarks-only.md");
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }
}
