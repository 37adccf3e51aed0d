package dev.loomchan.benchmarks.report;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Everything the report says about a run besides its results.
 *
 * @param command  the command line, as the user typed it
 * @param revision the loomchan revision measured (git describe), or "unknown"
 * @param started  when the run started
 * @param duration how long it took
 * @param profile  its sizes
 * @param only     the --only pattern, or null for the whole suite
 * @param machine  the machine and JDK
 * @param jvmFlags the flags of the benchmark JVMs
 * @param load     the 1-minute load average at the start and at the end, e.g. "0.12 at start, 2.05 at end"
 */
public record RunInfo(String command, String revision, ZonedDateTime started, Duration duration, Profile profile,
                      String only, MachineInfo machine, List<String> jvmFlags, String load) {

    public RunInfo {
        jvmFlags = List.copyOf(jvmFlags);
    }
}
