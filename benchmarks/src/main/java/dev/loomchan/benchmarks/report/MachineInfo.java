package dev.loomchan.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine the numbers were measured on, as the report states it: cores, CPU model and memory (from /proc on Linux),
 * operating system, and the JDK.
 *
 * @param cores     processors available to the JVM
 * @param cpuModel  the "model name" of /proc/cpuinfo, or "unknown CPU"
 * @param memory    MemTotal of /proc/meminfo in GiB, or "unknown memory"
 * @param os        name, version and architecture
 * @param jdk       vendor, version and VM
 */
public record MachineInfo(int cores, String cpuModel, String memory, String os, String jdk) {

    /** This machine and the JDK running the runner (which is also the JDK of the forks). */
    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(),
                procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"),
                procField(Path.of("/proc/meminfo"), "MemTotal").map(MachineInfo::kibToGib).orElse("unknown memory"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.name") + ")");
    }

    /** One line for the report. */
    public String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s, %s", cores, cpuModel, memory, os);
    }

    /** The 1-minute load average from /proc/loadavg, or "unknown": how busy the machine was besides the run. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static Optional<String> procField(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String kibToGib(String memTotal) {
        String kib = memTotal.replaceAll("[^0-9]", "");
        return kib.isEmpty()
                ? memTotal
                : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / (1024.0 * 1024.0));
    }
}
