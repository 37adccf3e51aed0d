package dev.loomchan.stress;

import dev.loomchan.support.ChannelKind;

/**
 * Runs one kind for its share of the time, one round after another, adds the rounds up and samples the heap between
 * rounds. The rounds of a kind draw their seeds from the run's seed and the kind alone, so
 * {@code --seed S --kinds K} replays the same plans.
 */
final class KindWorkload {
    private final ChannelKind kind;
    private final StressOptions options;
    private final HeapWatch heap;
    private final StallWatchdog watchdog;
    private final LiveCounters live = new LiveCounters();

    KindWorkload(ChannelKind kind, StressOptions options, HeapWatch heap, StallWatchdog watchdog) {
        this.kind = kind;
        this.options = options;
        this.heap = heap;
        this.watchdog = watchdog;
    }

    LiveCounters live() {
        return live;
    }

    KindStats run() throws InterruptedException {
        KindStats stats = new KindStats(kind);
        RoundRunner runner = new RoundRunner(kind, options, live, watchdog);
        long kindSeed = RoundRunner.mix(options.seed(), 0x5EED + kind.ordinal());
        int heapMark = heap.trend().mark();
        long deadline = System.nanoTime() + (long) (options.secondsPerKind() * 1e9);
        for (int round = 0; round == 0 || System.nanoTime() < deadline; round++) {
            long roundSeed = RoundRunner.mix(kindSeed, round);
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            RoundPlan plan = RoundPlan.draw(roundSeed, options, leftMillis);
            ViolationLog roundViolations = new ViolationLog();
            RoundResult result = runner.run(plan, round, roundViolations);
            stats.add(result);
            stats.violations.addAll(roundViolations, "round " + round + " (seed " + roundSeed + "): ");
            watchdog.progress("sampling the heap after " + kind.name().toLowerCase() + " round " + round);
            heap.sampleIfDue();
        }
        heap.sample();
        String breach = heap.trend().breach(heapMark);
        if (breach != null) {
            stats.violations.add(Invariant.HEAP, breach);
        }
        return stats;
    }
}
