/**
 * chanmon: a live monitor of every named loomchan channel. {@link dev.loomchan.chanmon.ChannelMonitor} embeds an HTTP
 * server (dashboard, JSON, Server-Sent Events, Prometheus) in the application; {@code dev.loomchan.chanmon.MonMain}
 * is the terminal view behind {@code ./loomchan mon}. The package {@code dev.loomchan.chanmon.demo} is the sample
 * pipeline behind {@code ./loomchan demo}; it is the only part that uses select, cancellation, zerocopy and rendezvous.
 */
module dev.loomchan.chanmon {
    requires transitive dev.loomchan.core;
    requires dev.loomchan.metrics;
    requires dev.loomchan.select;
    requires dev.loomchan.cancellation;
    requires dev.loomchan.zerocopy;
    requires dev.loomchan.rendezvous;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver;
    requires java.net.http;
    requires org.jline.terminal;

    exports dev.loomchan.chanmon;
    exports dev.loomchan.chanmon.demo;
}
