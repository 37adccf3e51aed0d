package dev.loomchan.stress;

import dev.loomchan.support.ChannelKind;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./loomchan stress}: a randomized multi-producer/multi-consumer run over every channel kind, one kind after
 * another, plain operations mixed with selects, checking that nothing is lost, nothing is duplicated, each consumer
 * sees each producer's elements in order, every thread ends after the close, and the heap stays bounded. Exit status
 * 0 when every check passes, 1 when one fails (also when the run itself gets stuck), 2 for a bad command line.
 */
public final class StressMain {
    private StressMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StressOptions options;
        try {
            options = StressOptions.parse(args);
        } catch (StressOptions.UsageException e) {
            System.err.println("loomchan stress: " + e.getMessage());
            System.err.println("Run 'loomchan stress --help' for the options.");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(StressOptions.usage());
            System.exit(0);
            return;
        }
        boolean passed = run(options, System.out, () -> Runtime.getRuntime().halt(1));
        System.exit(passed ? 0 : 1);
    }

    /**
     * Runs every kind of {@code options}, prints the report to {@code out} and returns true when everything passed.
     * Should the calling thread stop making progress for {@link StallWatchdog#DEFAULT_LIMIT}, a dump goes to
     * {@code out} and {@code onStall} runs.
     */
    static boolean run(StressOptions options, PrintStream out, Runnable onStall) throws InterruptedException {
        List<String> kindNames = new ArrayList<>();
        for (ChannelKind k : options.kinds()) {
            kindNames.add(k.name().toLowerCase(Locale.ROOT));
        }
        out.printf(Locale.ROOT, "loomchan stress: seed %d (replay with --seed %d)%n", options.seed(), options.seed());
        out.printf(Locale.ROOT, "  %.1f s in all, %.1f s per kind, on %s threads; kinds: %s%n",
                options.seconds(), options.secondsPerKind(), options.threads().name().toLowerCase(Locale.ROOT),
                String.join(", ", kindNames));
        out.printf(Locale.ROOT, "  producers %s, consumers %s, interrupt rate %s, select rate %s per operation%n",
                options.describeWorkers(options.producers()), options.describeWorkers(options.consumers()),
                options.interruptRate(), options.selectRate());
        out.flush();

        HeapWatch heap = new HeapWatch(options.seconds());
        heap.sample();
        ProgressLine progress = new ProgressLine(out, options.kinds().size());
        progress.start();
        List<KindStats> results = new ArrayList<>();
        try (StallWatchdog watchdog = new StallWatchdog(StallWatchdog.DEFAULT_LIMIT, out, onStall)) {
            int index = 1;
            for (ChannelKind kind : options.kinds()) {
                KindWorkload workload = new KindWorkload(kind, options, heap, watchdog);
                progress.show(kind.name().toLowerCase(Locale.ROOT), index++, workload.live());
                results.add(workload.run());
            }
        } finally {
            progress.stop();
        }
        out.println();
        ReportTable.print(out, results, heap.trend().summary());
        out.flush();
        return results.stream().allMatch(KindStats::passed);
    }
}
