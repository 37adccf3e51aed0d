package dev.loomchan.chanmon;

import com.sun.net.httpserver.HttpServer;
import dev.loomchan.chanmon.internal.ChannelSampler;
import dev.loomchan.chanmon.internal.EventLog;
import dev.loomchan.chanmon.internal.EventStream;
import dev.loomchan.chanmon.internal.HttpFront;
import dev.loomchan.chanmon.internal.Sample;
import dev.loomchan.chanmon.internal.SnapshotJson;
import dev.loomchan.metrics.LoomchanChannelMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A live monitor of every named channel, embedded in the application: one call starts an HTTP server (the JDK's own,
 * {@code com.sun.net.httpserver}, each exchange on a virtual thread) serving a web dashboard, a JSON API, Server-Sent
 * Events and Prometheus metrics.
 *
 * <pre>{@code
 * try (ChannelMonitor monitor = ChannelMonitor.start()) {     // loopback, a free port
 *     System.out.println("dashboard: " + monitor.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>It watches the channels {@link dev.loomchan.ChannelRegistry} lists, that is every channel built with a name. A
 * sampling thread reads their statistics once per {@link Builder#sampleInterval sample interval} (one second by
 * default), keeps a minute of history, and pushes the sample to the dashboards over Server-Sent Events. Reading
 * statistics costs the channels' operations nothing (see {@code docs/metrics.md}).
 *
 * <h2>Safety</h2>
 * It binds to the loopback address unless told otherwise; binding any other address needs
 * {@link Builder#allowRemote(String)} with a bearer token, which every request must then carry (401 without it). It is
 * read-only: GET and HEAD only (405 for the rest); unknown paths and malformed requests get 404 and 400 as JSON. At most
 * {@link Builder#maxStreamClients} event streams are served at once, each client's queue is bounded and a write that
 * takes longer than {@link Builder#writeTimeout} ends its connection, so a slow or hostile client cannot stall the
 * monitor, let alone the application.
 */
public final class ChannelMonitor implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final EventLog events;
    private final EventStream stream;
    private final ChannelSampler sampler;
    private final LoomchanChannelMetrics metrics;
    private final PrometheusMeterRegistry prometheus;
    private final Thread samplingThread;
    private final long intervalNanos;
    private final URI uri;
    private volatile Sample latest;
    private volatile boolean closed;

    private ChannelMonitor(Builder b) throws IOException {
        this.intervalNanos = b.sampleInterval.toNanos();
        this.events = new EventLog(b.eventLogSize).listen();
        this.sampler = new ChannelSampler(events);
        this.latest = sampler.sample();
        this.stream = new EventStream(b.maxStreamClients, b.writeTimeout.toNanos());
        this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new LoomchanChannelMetrics();
        metrics.bindTo(prometheus);
        InetSocketAddress address = new InetSocketAddress(b.address, b.port);
        try {
            HttpFront front = new HttpFront(() -> latest, events, stream, prometheus::scrape, b.token);
            this.server = HttpServer.create(address, 64);
            server.createContext("/", front);
        } catch (IOException | RuntimeException e) {
            events.close(); // nothing may stay hooked into the registry when the monitor does not start
            metrics.close();
            prometheus.close();
            if (e instanceof IOException) {
                throw new IOException("chanmon: cannot listen on " + address + ": " + e.getMessage(), e);
            }
            throw e;
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress()
                : bound.getAddress().getHostAddress();
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
        this.samplingThread = Thread.ofPlatform().daemon().name("chanmon-sampler").start(this::sampleLoop);
    }

    /** Starts a monitor with the defaults: loopback, a free port, one sample a second. */
    public static ChannelMonitor start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:7070/}. */
    public URI uri() {
        return uri;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Event streams (dashboards) connected now. */
    public int streamClients() {
        return stream.clients();
    }

    /** Event-stream clients dropped so far for being too slow. */
    public int droppedStreamClients() {
        return stream.droppedClients();
    }

    /** Samples taken so far (the first is taken by {@link Builder#start()}). */
    public long samples() {
        return latest.sequence();
    }

    /** The JSON of {@code /api/channels} now, without going through HTTP. */
    public String snapshotJson() {
        return SnapshotJson.write(latest, events.latest(HttpFront.EVENTS_PER_SNAPSHOT));
    }

    private void sampleLoop() {
        long next = System.nanoTime() + intervalNanos;
        while (!closed) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            next += intervalNanos;
            if (next < System.nanoTime()) {
                next = System.nanoTime() + intervalNanos; // fell behind (a paused JVM): do not sample in a burst
            }
            try {
                Sample s = sampler.sample();
                latest = s;
                stream.publish(SnapshotJson.write(s, events.latest(HttpFront.EVENTS_PER_SNAPSHOT)));
                stream.sweep();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /** Stops the server, the sampling and the event log; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(samplingThread);
        stream.close();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
            samplingThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        metrics.close();
        prometheus.close();
    }

    @Override
    public String toString() {
        return "ChannelMonitor[" + uri + (closed ? ", closed]" : "]");
    }

    /** Configures a monitor; {@link #start()} starts it. */
    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private String token;
        private Duration sampleInterval = Duration.ofSeconds(1);
        private int maxStreamClients = 8;
        private Duration writeTimeout = Duration.ofSeconds(5);
        private int eventLogSize = 500;

        private Builder() {
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to bind (the loopback address by default). Any other address, the wildcard included, also needs
         * {@link #allowRemote(String)}.
         */
        public Builder bindAddress(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Allows binding an address other than loopback, and makes every request carry {@code bearerToken}, as
         * {@code Authorization: Bearer TOKEN} (or {@code ?access_token=TOKEN}, which the dashboard's script passes
         * on). A token is at least 16 characters, printable ASCII, no spaces. It may be set for loopback too.
         */
        public Builder allowRemote(String bearerToken) {
            Objects.requireNonNull(bearerToken, "bearerToken");
            if (bearerToken.length() < 16 || !bearerToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("bearer token must be at least 16 printable ASCII characters "
                        + "without spaces (got " + bearerToken.length() + " characters)");
            }
            this.token = bearerToken;
            return this;
        }

        /** How often the channels are sampled and the dashboards updated (default one second; 10 ms at least). */
        public Builder sampleInterval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval").compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("sample interval must be at least 10 ms, was " + interval);
            }
            this.sampleInterval = interval;
            return this;
        }

        /** Event streams served at once (default 8); one more gets 503. */
        public Builder maxStreamClients(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxStreamClients must be >= 1, was " + max);
            }
            this.maxStreamClients = max;
            return this;
        }

        /** How long one write to an event-stream client may take before the client is dropped (default 5 s). */
        public Builder writeTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("write timeout must be positive, was " + timeout);
            }
            this.writeTimeout = timeout;
            return this;
        }

        /** Events kept in the log (default 500). */
        public Builder eventLogSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("eventLogSize must be >= 1, was " + size);
            }
            this.eventLogSize = size;
            return this;
        }

        /**
         * Starts the monitor.
         *
         * @throws IllegalStateException if the address is not loopback and no token was given
         * @throws UncheckedIOException  if the server cannot listen (the port is taken, say)
         */
        public ChannelMonitor start() {
            if (!address.isLoopbackAddress() && token == null) {
                throw new IllegalStateException("chanmon binds only the loopback address unless allowRemote(token) is "
                        + "given: refusing to serve " + address.getHostAddress() + " without a bearer token");
            }
            try {
                return new ChannelMonitor(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }
}
