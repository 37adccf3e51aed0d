package dev.loomchan.chanmon.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.loomchan.Channel;
import dev.loomchan.ChannelRegistry;
import dev.loomchan.internal.CellsSnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every request of the monitor's HTTP server goes through here: the bearer-token check (when a token is set), the
 * read-only rule (GET and HEAD only, 405 otherwise), then the routes. Every error is a JSON object
 * {@code {"error": status, "message": ...}} with its status: 400 for a malformed path or query, 401 without the token,
 * 404 for an unknown path or channel, 405 for any other method, 503 when the event stream has no place left.
 *
 * <pre>
 *   /                              the dashboard (index.html), /app.js, /app.css: assets served from the jar
 *   /api/channels                  the latest sample of every named channel and the newest events (JSON)
 *   /api/channels/{name}/cells     the cell-by-cell dump of every channel of that name (?id=N: only that one)
 *   /api/events?after=SEQ          the event log after SEQ (JSON)
 *   /api/stream                    Server-Sent Events: one snapshot per sample
 *   /metrics                       Prometheus text
 * </pre>
 */
public final class HttpFront implements HttpHandler {
    /** Events sent with each snapshot. */
    public static final int EVENTS_PER_SNAPSHOT = 100;

    private final Supplier<Sample> latest;
    private final EventLog events;
    private final EventStream stream;
    private final Supplier<String> prometheus;
    private final byte[] token;
    private final Map<String, Asset> assets = new HashMap<>();

    /** A static file of the dashboard. */
    private record Asset(String contentType, byte[] bytes) {
    }

    public HttpFront(Supplier<Sample> latest, EventLog events, EventStream stream, Supplier<String> prometheus,
                     String bearerToken) {
        this.latest = latest;
        this.events = events;
        this.stream = stream;
        this.prometheus = prometheus;
        this.token = bearerToken == null ? null : bearerToken.getBytes(StandardCharsets.UTF_8);
        assets.put("/", load("index.html", "text/html; charset=utf-8"));
        assets.put("/index.html", assets.get("/"));
        assets.put("/app.js", load("app.js", "text/javascript; charset=utf-8"));
        assets.put("/app.css", load("app.css", "text/css; charset=utf-8"));
    }

    /** A request the front refuses, with its status and message. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (!authorized(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"chanmon\"");
                throw new Refusal(401, "a bearer token is required (Authorization: Bearer TOKEN, or ?access_token=TOKEN)");
            }
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                throw new Refusal(405, "the monitor is read-only: " + method + " is not allowed, only GET and HEAD");
            }
            route(ex, method.equals("HEAD"));
        } catch (Refusal r) {
            sendError(ex, r.status, r.getMessage());
        } catch (RuntimeException e) {
            sendError(ex, 500, "internal error: " + e);
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex, boolean head) throws IOException, Refusal {
        String rawPath = ex.getRequestURI().getRawPath();
        Map<String, String> query = Paths.query(ex.getRequestURI().getRawQuery());
        Asset asset = assets.get(rawPath);
        if (asset != null) {
            if (rawPath.equals("/") || rawPath.equals("/index.html")) {
                ex.getResponseHeaders().set("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
            }
            send(ex, 200, asset.contentType, asset.bytes, head);
            return;
        }
        switch (rawPath) {
            case "/api/channels" -> sendJson(ex, SnapshotJson.write(latest.get(), events.latest(EVENTS_PER_SNAPSHOT)), head);
            case "/api/events" -> {
                long after = Paths.longParam(query, "after", 0);
                Json j = new Json().beginObject();
                j.name("events").beginArray();
                for (MonitorEvent e : events.since(after)) {
                    SnapshotJson.event(j, e);
                }
                sendJson(ex, j.endArray().endObject().toString(), head);
            }
            case "/api/stream" -> {
                if (head) {
                    send(ex, 200, "text/event-stream; charset=utf-8", null, true);
                } else if (!stream.admit()) {
                    throw new Refusal(503, "too many event streams open; try again later");
                } else {
                    stream.serve(ex, SnapshotJson.write(latest.get(), events.latest(EVENTS_PER_SNAPSHOT)));
                }
            }
            case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    prometheus.get().getBytes(StandardCharsets.UTF_8), head);
            default -> {
                String name = Paths.cellsChannelName(rawPath);
                if (name == null) {
                    throw new Refusal(404, "no such path: " + rawPath);
                }
                sendJson(ex, cells(name, query), head);
            }
        }
    }

    private static String cells(String name, Map<String, String> query) throws Refusal {
        long id = Paths.longParam(query, "id", -1);
        List<CellsJson.Named> found = new ArrayList<>();
        for (ChannelRegistry.Entry e : ChannelRegistry.entries()) {
            Channel<?> ch = e.channel();
            if (ch != null && e.name().equals(name) && (id < 0 || e.id() == id)) {
                found.add(new CellsJson.Named(e.id(), CellsSnapshot.of(ch)));
            }
        }
        if (found.isEmpty()) {
            throw new Refusal(404, "no live channel named '" + name + "'" + (id < 0 ? "" : " with id " + id));
        }
        return CellsJson.write(name, found);
    }

    private boolean authorized(HttpExchange ex) throws Refusal {
        if (token == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String given = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else {
            given = Paths.query(ex.getRequestURI().getRawQuery()).get("access_token");
        }
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendJson(HttpExchange ex, String json, boolean head) throws IOException {
        send(ex, 200, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        String body = new Json().beginObject().field("error", status).field("message", message).endObject().toString();
        send(ex, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
                ex.getRequestMethod().equals("HEAD"));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body, boolean head)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (head || body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Asset load(String file, String contentType) {
        try (var in = HttpFront.class.getResourceAsStream("/dev/loomchan/chanmon/assets/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard asset " + file + " is missing from the jar");
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return new Asset(contentType, buf.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dashboard asset " + file, e);
        }
    }
}
