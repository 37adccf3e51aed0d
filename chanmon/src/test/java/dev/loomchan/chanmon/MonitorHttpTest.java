package dev.loomchan.chanmon;

import dev.loomchan.Channel;
import dev.loomchan.chanmon.internal.JsonParser;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint of the monitor, and every error, over real HTTP. */
class MonitorHttpTest {
    static ChannelMonitor monitor;
    static Channel<String> jobs;
    static Channel<String> slashed;
    static Thread waitingSender;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        jobs = Channel.<String>builder().capacity(2).name("http.jobs").build();
        slashed = Channel.<String>builder().capacity(4).name("http/a b").build();
        jobs.send("first");
        jobs.send("second");
        waitingSender = Thread.ofVirtual().name("http-waiting-sender").start(() -> {
            try {
                jobs.send("third");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Threads.awaitUntil("the third send waits", () -> jobs.statistics().waitingSenders() == 1);
        monitor = ChannelMonitor.builder().sampleInterval(Duration.ofMillis(100)).maxStreamClients(2).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        monitor.close();
        waitingSender.interrupt();
        waitingSender.join();
    }

    static HttpResponse<String> request(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(monitor.uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return (Map<String, Object>) JsonParser.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> channel(Map<String, Object> snapshot, String name) {
        for (Object o : (List<Object>) snapshot.get("channels")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (name.equals(c.get("name"))) return c;
        }
        throw new AssertionError("no channel " + name + " in " + snapshot);
    }

    @Test
    void bindsLoopbackByDefault() {
        assertEquals("127.0.0.1", monitor.uri().getHost());
        assertTrue(monitor.port() > 0);
    }

    @Test
    void servesTheDashboardAssetsFromTheJar() throws Exception {
        HttpResponse<String> index = request("GET", "/");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(index.body().contains("<script src=\"app.js\">"), index.body());
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
        HttpResponse<String> js = request("GET", "/app.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.body().contains("EventSource"));
        assertEquals(200, request("GET", "/app.css").statusCode());
        assertTrue(!index.body().contains("http://") && !index.body().contains("https://"), "no CDN");
    }

    @Test
    void channelsSnapshotListsNamedChannelsWithTheirFigures() throws Exception {
        HttpResponse<String> r = request("GET", "/api/channels");
        assertEquals(200, r.statusCode());
        Map<String, Object> jobsRow = channel(json(r), "http.jobs");
        assertEquals("buffered(2)", jobsRow.get("kind"));
        assertEquals(2L, jobsRow.get("capacity"));
        assertEquals("open", jobsRow.get("state"));
        assertEquals(2L, jobsRow.get("size"));
        assertEquals(1L, jobsRow.get("waitingSenders"));
        assertEquals(true, jobsRow.get("blocked"));
        assertEquals(true, jobsRow.get("full"));
        assertTrue(((Map<?, ?>) jobsRow.get("history")).containsKey("sendRate"));
        assertEquals("http/a b", channel(json(r), "http/a b").get("name"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cellsShowBufferedElementsAndTheWaitingSender() throws Exception {
        HttpResponse<String> r = request("GET", "/api/channels/http.jobs/cells");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> dump = json(r);
        assertEquals("http.jobs", dump.get("name"));
        Map<String, Object> ch = (Map<String, Object>) ((List<Object>) dump.get("channels")).get(0);
        List<Object> cells = (List<Object>) ((Map<String, Object>) ((List<Object>) ch.get("segments")).get(0)).get("cells");
        assertEquals("first", ((Map<String, Object>) cells.get(0)).get("element"));
        Map<String, Object> third = (Map<String, Object>) cells.get(2);
        assertEquals("SENDER_READY", third.get("state"));
        Map<String, Object> waiter = (Map<String, Object>) third.get("waiter");
        assertEquals("sender", waiter.get("side"));
        assertEquals("http-waiting-sender(virtual)", waiter.get("thread"));

        long id = (Long) ch.get("id");
        assertEquals(200, request("GET", "/api/channels/http.jobs/cells?id=" + id).statusCode());
        assertEquals(404, request("GET", "/api/channels/http.jobs/cells?id=" + (id + 100_000)).statusCode());
        // an encoded slash and space stay part of the name
        HttpResponse<String> odd = request("GET", "/api/channels/http%2Fa%20b/cells");
        assertEquals(200, odd.statusCode(), odd.body());
        assertEquals("http/a b", json(odd).get("name"));
    }

    @Test
    void errorsAreJsonWithTheirStatus() throws Exception {
        assertError(request("GET", "/nope"), 404, "no such path");
        assertError(request("GET", "/api/channels/no.such.channel/cells"), 404, "no live channel named 'no.such.channel'");
        assertError(request("GET", "/api/channels/http.jobs/cells?id=abc"), 400, "whole number");
        assertError(request("GET", "/api/channels/http.jobs/cells?id=-3"), 400, "negative");
        // A malformed escape is not even a URI: the JDK's server answers 400 before any handler runs.
        assertEquals(400, raw("GET /api/channels/bad%zzname/cells HTTP/1.1").statusCode());
        assertError(raw("GET /api/channels/bad%C3%28/cells HTTP/1.1"), 400, "not valid UTF-8");
        assertError(request("GET", "/api/channels/bad%C3%28/cells"), 400, "not valid UTF-8");
        assertError(request("GET", "/api/events?after=x"), 400, "whole number");
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = request(method, "/api/channels");
            assertError(r, 405, "read-only");
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
        }
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<String> r = request("HEAD", "/api/channels");
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        assertEquals(404, request("HEAD", "/missing").statusCode());
    }

    @Test
    void metricsAreThePrometheusTextOfEveryNamedChannel() throws Exception {
        HttpResponse<String> r = request("GET", "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(r.body().contains("# TYPE loomchan_channel_sent"), r.body());
        assertTrue(r.body().lines().anyMatch(l -> l.startsWith("loomchan_channel_sent") && l.contains("name=\"http.jobs\"")
                && l.trim().endsWith(" 2.0") || l.startsWith("loomchan_channel_sent") && l.contains("name=\"http.jobs\"")
                && l.trim().endsWith(" 2")), r.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEventLogHasClosesAndCancelsAndDrops() throws Exception {
        Channel<Integer> doomed = Channel.<Integer>builder().capacity(1)
                .onBufferOverflow(dev.loomchan.BufferOverflow.DROP_OLDEST).name("http.doomed").build();
        long sampleBefore = monitor.samples();
        doomed.send(1);
        awaitSamples(sampleBefore + 2); // the channel has been seen once before the drops
        doomed.send(2);
        doomed.send(3);
        doomed.close(new IllegalStateException("shut"));
        awaitSamples(monitor.samples() + 2);
        List<Object> events = (List<Object>) json(request("GET", "/api/events?after=0")).get("events");
        List<String> mine = events.stream().map(o -> (Map<String, Object>) o)
                .filter(e -> "http.doomed".equals(e.get("channel")))
                .map(e -> e.get("type") + ": " + e.get("detail")).toList();
        assertTrue(mine.contains("closed: java.lang.IllegalStateException: shut"), mine.toString());
        assertTrue(mine.contains("dropped: 2 elements dropped by the overflow policy"), mine.toString());
        long lastSeq = (Long) ((Map<String, Object>) events.get(events.size() - 1)).get("seq");
        assertEquals(List.of(), json(request("GET", "/api/events?after=" + lastSeq)).get("events"));
    }

    @Test
    void theStreamSendsSnapshotsAndRefusesClientsBeyondTheLimit() throws Exception {
        HttpRequest streamReq = HttpRequest.newBuilder(monitor.uri().resolve("/api/stream")).build();
        HttpResponse<InputStream> a = HTTP.send(streamReq, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> b = HTTP.send(streamReq, HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertEquals(200, a.statusCode());
            assertEquals("text/event-stream; charset=utf-8", a.headers().firstValue("Content-Type").orElseThrow());
            BufferedReader lines = new BufferedReader(new InputStreamReader(a.body(), StandardCharsets.UTF_8));
            int snapshots = 0;
            while (snapshots < 3) {
                String line = lines.readLine();
                assertNotNull(line, "stream ended");
                if (line.startsWith("data: ")) {
                    snapshots++;
                    assertEquals("buffered(2)", channel(castMap(JsonParser.parse(line.substring(6))), "http.jobs").get("kind"));
                }
            }
            assertError(HTTP.send(streamReq, HttpResponse.BodyHandlers.ofString()), 503, "too many event streams");
        } finally {
            a.body().close();
            b.body().close();
        }
        Threads.awaitUntil(() -> "closed streams leave: " + monitor.streamClients() + " still connected",
                () -> monitor.streamClients() == 0, Threads.PATIENCE);
    }

    @Test
    void anotherAddressNeedsATokenAndEveryRequestMustCarryIt() throws Exception {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ChannelMonitor.builder().bindAddress(InetAddress.getByName("0.0.0.0")).start());
        assertTrue(refused.getMessage().contains("without a bearer token"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelMonitor.builder().allowRemote("short"));
        assertThrows(IllegalArgumentException.class, () -> ChannelMonitor.builder().allowRemote("has a space in it ok"));

        String token = "s3cret-token-0123456789";
        try (ChannelMonitor remote = ChannelMonitor.builder().bindAddress(InetAddress.getByName("0.0.0.0"))
                .allowRemote(token).start()) {
            URI u = URI.create("http://127.0.0.1:" + remote.port() + "/api/channels");
            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
            assertError(none, 401, "bearer token is required");
            assertEquals("Bearer realm=\"chanmon\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(u).header("Authorization", "Bearer wrong-token-0123456789")
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + remote.port() + "/nope"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "no path is revealed without the token");
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(u).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(u + "?access_token=" + token)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertThrows(IllegalArgumentException.class, () -> ChannelMonitor.builder().port(70_000));
        assertThrows(IllegalArgumentException.class, () -> ChannelMonitor.builder().sampleInterval(Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> ChannelMonitor.builder().maxStreamClients(0));
        assertThrows(IllegalArgumentException.class, () -> ChannelMonitor.builder().writeTimeout(Duration.ZERO));
        var taken = assertThrows(java.io.UncheckedIOException.class,
                () -> ChannelMonitor.builder().port(monitor.port()).start());
        assertTrue(taken.getMessage().contains("cannot listen"), taken.getMessage());
    }

    /** A request written by hand, for what HttpClient will not send; only the status line and body are read. */
    static HttpResponse<String> raw(String requestLine) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(monitor.uri().getHost(), monitor.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.split(" ", 3)[1]);
            int split = response.indexOf("\r\n\r\n");
            String head = response.substring(0, split).toLowerCase(java.util.Locale.ROOT);
            String body = response.substring(split + 4);
            java.net.http.HttpHeaders headers = java.net.http.HttpHeaders.of(Map.of("Content-Type",
                    List.of(head.contains("content-type: application/json") ? "application/json" : "other")), (a, b) -> true);
            return new HttpResponse<>() {
                public int statusCode() { return status; }
                public HttpRequest request() { return null; }
                public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
                public java.net.http.HttpHeaders headers() { return headers; }
                public String body() { return body; }
                public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
                public URI uri() { return monitor.uri(); }
                public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
            };
        }
    }

    static void assertError(HttpResponse<String> r, int status, String messagePart) {
        assertEquals(status, r.statusCode(), r.body());
        Map<String, Object> body = json(r);
        assertEquals((long) status, body.get("error"));
        assertTrue(((String) body.get("message")).contains(messagePart), body.toString());
    }

    static void awaitSamples(long n) {
        Threads.awaitUntil(() -> "sampler stalled at " + monitor.samples(), () -> monitor.samples() >= n, Threads.PATIENCE);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
