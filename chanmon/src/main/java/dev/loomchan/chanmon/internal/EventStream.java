package dev.loomchan.chanmon.internal;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Server-Sent Events clients of {@code /api/stream}, so built that no client, however slow or hostile, can stall
 * the monitor or the application:
 * <ul>
 *   <li>at most {@code maxClients} streams at once; the next is refused (the caller answers 503);</li>
 *   <li>{@link #publish} never waits: each client has a queue of {@link #QUEUE_FRAMES} frames, and a client whose
 *       queue is full is dropped;</li>
 *   <li>each client is written by its own virtual thread (the exchange's handler thread); a write that has not
 *       finished within {@code writeTimeout} is ended by {@link #sweep}, which interrupts that thread: the server's
 *       socket channel is an interruptible channel, so the interrupt closes the connection and the blocked write
 *       throws.</li>
 * </ul>
 * A stream with nothing to send writes a comment line every {@link #KEEPALIVE_SECONDS} seconds, so a dead peer is
 * found and dropped too.
 */
public final class EventStream implements AutoCloseable {
    /** Frames a client may have waiting; more means it does not keep up. */
    static final int QUEUE_FRAMES = 4;
    static final int KEEPALIVE_SECONDS = 15;
    private static final String POISON = "";

    private final int maxClients;
    private final long writeTimeoutNanos;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean closed;

    public EventStream(int maxClients, long writeTimeoutNanos) {
        this.maxClients = maxClients;
        this.writeTimeoutNanos = writeTimeoutNanos;
    }

    /** One connected client. */
    private final class Client {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
        final Thread writer = Thread.currentThread();
        /** System.nanoTime() when the current write started, or 0 while not writing. */
        volatile long writingSince;
        volatile String dropReason;

        /** Ends the stream: the writer wakes from its wait, or its blocked write fails as the interrupt closes the socket. */
        void drop(String reason) {
            if (dropReason == null) {
                dropReason = reason;
                dropped.incrementAndGet();
            }
            writer.interrupt();
        }
    }

    /** Reserves a place for a new stream; false when {@code maxClients} are already connected (or closed). */
    public boolean admit() {
        if (closed) {
            return false;
        }
        if (admitted.incrementAndGet() > maxClients) {
            admitted.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Serves an admitted stream on the calling thread until the client goes away, is dropped or the stream is closed:
     * sends the response headers and {@code first}, then every published frame.
     */
    public void serve(HttpExchange exchange, String first) {
        Client client = new Client();
        clients.add(client);
        try (OutputStream out = exchange.getResponseBody()) {
            client.writingSince = System.nanoTime();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(200, 0);
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            write(client, out, frame(first));
            while (!closed && client.dropReason == null) {
                String next = client.queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (next == POISON) {
                    break;
                }
                write(client, out, next == null ? ": keep-alive\n\n" : next);
            }
        } catch (IOException | InterruptedException e) {
            // the client left, or was dropped (the interrupt closed the connection): nothing to tell anyone
        } finally {
            Thread.interrupted(); // a dropped client's interrupt is spent: the close below must not trip over it
            client.writingSince = System.nanoTime(); // a close to a stuck peer is still under the watchdog
            exchange.close();
            clients.remove(client);
            admitted.decrementAndGet();
        }
    }

    private static void write(Client client, OutputStream out, String text) throws IOException {
        client.writingSince = System.nanoTime();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        client.writingSince = 0;
    }

    /** Queues {@code json} for every client as one {@code data:} event; never waits. */
    public void publish(String json) {
        String frame = frame(json);
        for (Client c : clients) {
            if (!c.queue.offer(frame)) {
                c.drop("did not keep up: " + QUEUE_FRAMES + " frames queued");
            }
        }
    }

    /** Drops every client whose current write has taken longer than the write time-out. */
    public void sweep() {
        long now = System.nanoTime();
        for (Client c : clients) {
            long since = c.writingSince;
            if (since != 0 && now - since > writeTimeoutNanos) {
                c.drop("write timed out");
            }
        }
    }

    /** Streams connected now. */
    public int clients() {
        return clients.size();
    }

    /** Clients dropped so far for being slow. */
    public int droppedClients() {
        return dropped.get();
    }

    private static String frame(String json) {
        // JSON from Json has no raw line breaks (they are escaped), so one data line carries it.
        return "event: snapshot\ndata: " + json + "\n\n";
    }

    @Override
    public void close() {
        closed = true;
        for (Client c : clients) {
            if (!c.queue.offer(POISON)) {
                c.drop("monitor closed");
            }
        }
    }
}
