/**
 * Micrometer meters for loomchan channels: {@link dev.loomchan.metrics.LoomchanChannelMetrics} binds every named
 * channel of {@link dev.loomchan.ChannelRegistry} to a {@code MeterRegistry}, reading each channel's statistics
 * snapshot when the registry is scraped, never on the channel's operations.
 */
module dev.loomchan.metrics {
    requires transitive dev.loomchan.core;
    requires transitive micrometer.core;

    exports dev.loomchan.metrics;
}
