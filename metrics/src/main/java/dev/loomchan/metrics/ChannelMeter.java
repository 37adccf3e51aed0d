package dev.loomchan.metrics;

import dev.loomchan.ChannelStatistics;

import java.util.function.ToDoubleFunction;

/**
 * Every meter {@link LoomchanChannelMetrics} registers per channel: its name, kind (a function counter for counts that
 * only grow, a gauge for figures of the moment), base unit, description and the field of {@link ChannelStatistics} it
 * reads. docs/metrics.md lists the same table.
 */
public enum ChannelMeter {
    SENT("loomchan.channel.sent", true, "elements",
            "Elements whose ownership passed to the channel: successful sends, plus failed sends whose element went to onUndeliveredElement",
            ChannelStatistics::sent),
    RECEIVED("loomchan.channel.received", true, "elements",
            "Elements taken by receive operations", ChannelStatistics::received),
    SEND_SUSPENSIONS("loomchan.channel.send.suspensions", true, "operations",
            "Sends (blocking or select onSend) that had to wait", ChannelStatistics::sendSuspensions),
    RECEIVE_SUSPENSIONS("loomchan.channel.receive.suspensions", true, "operations",
            "Receives (blocking or select) that had to wait", ChannelStatistics::receiveSuspensions),
    CANCELLED_SENDERS("loomchan.channel.senders.cancelled", true, "operations",
            "Blocking sends that gave up waiting: interrupted or timed out", ChannelStatistics::cancelledSenders),
    CANCELLED_RECEIVERS("loomchan.channel.receivers.cancelled", true, "operations",
            "Blocking receives that gave up waiting: interrupted or timed out", ChannelStatistics::cancelledReceivers),
    UNDELIVERED("loomchan.channel.undelivered", true, "elements",
            "Elements handed to onUndeliveredElement (cancel, overflow drops, interrupted sends, sends on a closed channel)",
            ChannelStatistics::undelivered),
    DROPPED("loomchan.channel.dropped", true, "elements",
            "Elements dropped by a DROP_OLDEST or DROP_LATEST overflow policy (part of undelivered)",
            ChannelStatistics::dropped),
    WAITING_SENDERS("loomchan.channel.senders.waiting", false, "operations",
            "Sends (blocking or select onSend) waiting in the channel now", ChannelStatistics::waitingSenders),
    WAITING_RECEIVERS("loomchan.channel.receivers.waiting", false, "operations",
            "Receives (blocking or select) waiting in the channel now", ChannelStatistics::waitingReceivers),
    SIZE("loomchan.channel.size", false, "elements",
            "Elements in the buffer now, within [0, capacity]", ChannelStatistics::size),
    CAPACITY("loomchan.channel.capacity", false, "elements",
            "The buffer size: 0 for rendezvous, 2147483647 for unlimited", ChannelStatistics::capacity),
    STATE("loomchan.channel.state", false, null,
            "0 while open, 1 once closed, 2 once cancelled", s -> s.state().ordinal());

    private final String meterName;
    private final boolean counter;
    private final String baseUnit;
    private final String description;
    private final ToDoubleFunction<ChannelStatistics> reader;

    ChannelMeter(String meterName, boolean counter, String baseUnit, String description,
                 ToDoubleFunction<ChannelStatistics> reader) {
        this.meterName = meterName;
        this.counter = counter;
        this.baseUnit = baseUnit;
        this.description = description;
        this.reader = reader;
    }

    /** The meter's name, in Micrometer's dotted convention. */
    public String meterName() {
        return meterName;
    }

    /** True for a function counter (a count that only grows), false for a gauge. */
    public boolean isCounter() {
        return counter;
    }

    /** The base unit, or null for a state code. */
    public String baseUnit() {
        return baseUnit;
    }

    /** What the meter shows. */
    public String description() {
        return description;
    }

    /** The meter's value in {@code statistics}. */
    public double read(ChannelStatistics statistics) {
        return reader.applyAsDouble(statistics);
    }
}
