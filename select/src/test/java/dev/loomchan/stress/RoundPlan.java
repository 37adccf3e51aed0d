package dev.loomchan.stress;

import java.util.SplittableRandom;

/**
 * The random choices of one round, drawn up front from the round's seed so that a seed names a round.
 *
 * @param seed            the round's seed; workers derive theirs from it
 * @param producers       number of producers
 * @param consumers       number of consumers
 * @param channels        number of channels of the round's kind: 1, or 2 when selects may span two channels
 * @param runMillis       how long the round runs before the channel is closed or cancelled
 * @param ending          how the round ends the channel
 * @param producerPause   probability per operation that a producer pauses briefly (makes buffers run empty)
 * @param consumerPause   probability per operation that a consumer pauses briefly (makes buffers fill up)
 */
record RoundPlan(long seed, int producers, int consumers, int channels, long runMillis, Ending ending, double producerPause,
                 double consumerPause) {

    static final long MIN_RUN_MILLIS = 30;
    static final long MAX_RUN_MILLIS = 300;

    /** How the round closes its channel. */
    enum Ending {
        CLOSE, CLOSE_WITH_CAUSE, CANCEL
    }

    private static final double[] PAUSES = {0, 0, 0.02, 0.2};

    static RoundPlan draw(long seed, StressOptions options, long maxRunMillis) {
        SplittableRandom r = new SplittableRandom(seed);
        int producers = options.producers() > 0 ? options.producers() : 1 + r.nextInt(4);
        int consumers = options.consumers() > 0 ? options.consumers() : 1 + r.nextInt(4);
        long run = MIN_RUN_MILLIS + r.nextLong(MAX_RUN_MILLIS - MIN_RUN_MILLIS + 1);
        run = Math.max(MIN_RUN_MILLIS, Math.min(run, maxRunMillis));
        Ending ending;
        if (r.nextInt(4) == 0) {
            ending = Ending.CANCEL;
        } else {
            ending = r.nextInt(3) == 0 ? Ending.CLOSE_WITH_CAUSE : Ending.CLOSE;
        }
        double producerPause = PAUSES[r.nextInt(PAUSES.length)];
        double consumerPause = PAUSES[r.nextInt(PAUSES.length)];
        // A second channel only matters to selects, which can offer to or take from either.
        int channels = options.selectRate() > 0 && r.nextInt(3) == 0 ? 2 : 1;
        return new RoundPlan(seed, producers, consumers, channels, run, ending, producerPause, consumerPause);
    }

    @Override
    public String toString() {
        return producers + "P/" + consumers + "C, " + channels + (channels == 1 ? " channel, " : " channels, ")
                + runMillis + " ms, "
                + ending.name().toLowerCase() + ", pauses p=" + producerPause + " c=" + consumerPause;
    }
}
