package dev.loomchan.chanmon.internal;

import java.util.List;

/**
 * Every named channel at one moment.
 *
 * @param time     when it was taken, in milliseconds since the epoch
 * @param sequence 1 for the first sample, then increasing by one
 * @param channels the channels, in registry order
 */
public record Sample(long time, long sequence, List<ChannelRow> channels) {
}
