package dev.loomchan.select.properties;

import dev.loomchan.select.support.ChannelKind;
import dev.loomchan.select.support.ThreadKind;

import java.util.List;

/**
 * One generated run: the channels and their kinds, who sends and who receives, how often threads are interrupted,
 * and how the run ends.
 *
 * @param channels             the kind of each channel
 * @param threads              the kind of every producer and consumer thread
 * @param producers            threads that each send {@code perProducer} items, plainly or through onSend selects
 * @param perProducer          items per producer
 * @param selectors            consumers receiving through select, selectUnbiased and selectN over several channels
 * @param plainConsumers       consumers receiving through receive and receiveCatching, one channel at a time
 * @param interruptPauseMicros mean pause between two random interrupts; 0 for none
 * @param ending               how the channels are closed
 * @param endAtPercent         for an early ending: the share of send attempts after which it comes
 */
record Scenario(List<ChannelKind> channels, ThreadKind threads, int producers, int perProducer, int selectors,
                int plainConsumers, int interruptPauseMicros, Ending ending, int endAtPercent) {

    /** How a run ends. */
    enum Ending {
        /** Every channel is closed once every producer is done: nothing sent may be lost on lossless channels. */
        CLOSE_AFTER_PRODUCERS,
        /** Every channel is closed while the producers still send. */
        CLOSE_EARLY,
        /** Every channel is cancelled while the producers still send. */
        CANCEL_EARLY
    }

    int consumers() {
        return selectors + plainConsumers;
    }

    @Override
    public String toString() {
        return channels + " " + threads + " producers=" + producers + "x" + perProducer + " selectors=" + selectors
                + " plainConsumers=" + plainConsumers + " interruptPauseMicros=" + interruptPauseMicros + " " + ending
                + (ending == Ending.CLOSE_AFTER_PRODUCERS ? "" : "@" + endAtPercent + "%");
    }
}
