package dev.loomchan.chanmon.internal;

/**
 * One line of the monitor's event log.
 *
 * @param seq     increasing from 1, so that a client can tell which events it has already seen
 * @param time    when it was recorded, in milliseconds since the epoch
 * @param channel the channel's name
 * @param type    {@code closed}, {@code cancelled}, {@code dropped}, {@code undelivered}, {@code cancelled-senders} or
 *                {@code cancelled-receivers}
 * @param detail  the close cause, or how many elements or operations, in words
 */
public record MonitorEvent(long seq, long time, String channel, String type, String detail) {
}
