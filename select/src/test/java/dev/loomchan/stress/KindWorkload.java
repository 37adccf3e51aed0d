package dev.loomchan.stress;

import dev.loomchan.support.ChannelKind;

/**
 * Runs one kind for its share of the time, one round after another, and adds the rounds up. The rounds of a kind
 * draw their seeds from the run's seed and the kind alone, so {@code --seed S --kinds K} replays the same plans.
 */
final class KindWorkload {
    private final ChannelKind kind;
    private final StressOptions options;
    private final LiveCounters live = new LiveCounters();

    KindWorkload(ChannelKind kind, StressOptions options) {
        this.kind = kind;
        this.options = options;
    }

    LiveCounters live() {
        return live;
    }

    KindStats run() throws InterruptedException {
        KindStats stats = new KindStats(kind);
        RoundRunner runner = new RoundRunner(kind, options.threads(), options.interruptRate(), live);
        long kindSeed = RoundRunner.mix(options.seed(), 0x5EED + kind.ordinal());
        long deadline = System.nanoTime() + (long) (options.secondsPerKind() * 1e9);
        for (int round = 0; round == 0 || System.nanoTime() < deadline; round++) {
            long roundSeed = RoundRunner.mix(kindSeed, round);
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            RoundPlan plan = RoundPlan.draw(roundSeed, options, leftMillis);
            ViolationLog roundViolations = new ViolationLog();
            RoundResult result = runner.run(plan, round, roundViolations);
            stats.add(result);
            stats.violations.addAll(roundViolations, "round " + round + " (seed " + roundSeed + "): ");
        }
        return stats;
    }
}
