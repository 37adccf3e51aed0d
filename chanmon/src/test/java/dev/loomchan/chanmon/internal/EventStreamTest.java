package dev.loomchan.chanmon.internal;

import dev.loomchan.reliability.Threads;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream's three guards, each alone: the client limit, the bounded queue, the write time-out. */
class EventStreamTest {

    @Test
    void admitsNoMoreThanTheLimit() {
        EventStream s = new EventStream(2, TimeUnit.SECONDS.toNanos(1));
        assertTrue(s.admit());
        assertTrue(s.admit());
        assertFalse(s.admit());
        s.close();
        assertFalse(s.admit(), "a closed stream admits nobody");
    }

    @Test
    void aWriteThatHangsIsEndedByTheSweepAfterTheTimeOut() throws Exception {
        EventStream s = new EventStream(4, TimeUnit.MILLISECONDS.toNanos(100));
        CountDownLatch writing = new CountDownLatch(1);
        Exchange ex = new Exchange(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writing.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE); // a peer that never reads: the write never returns by itself
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("interrupted: connection closed");
                }
            }
        });
        assertTrue(s.admit());
        long start = System.nanoTime(); // before the write starts
        Thread writer = Thread.ofVirtual().start(() -> s.serve(ex, "{}"));
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        // Sweep until the hung write is dropped. The first sweeps come too early and must do nothing: a drop is
        // checked against the clock instead of a fixed sleep, so that a slow scheduler cannot make it look early.
        long[] droppedBy = new long[1];
        Threads.awaitUntil("the sweep drops the hung write", () -> {
            s.sweep();
            droppedBy[0] = System.nanoTime() - start;
            return s.droppedClients() > 0;
        });
        assertTrue(droppedBy[0] > TimeUnit.MILLISECONDS.toNanos(100),
                "dropped " + droppedBy[0] / 1_000_000 + " ms after the write started, before its 100 ms time-out");
        writer.join(5_000);
        assertFalse(writer.isAlive(), "the writer was freed");
        assertEquals(1, s.droppedClients());
        assertEquals(0, s.clients());
        assertTrue(ex.closed);
    }

    @Test
    void aClientThatFallsBehindIsDroppedWithoutBlockingThePublisher() throws Exception {
        EventStream s = new EventStream(4, TimeUnit.SECONDS.toNanos(60));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Exchange ex = new Exchange(new OutputStream() {
            @Override
            public void write(int b) {
                got.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writing.countDown();
                try {
                    release.await(); // slow, but not past the (long) write time-out
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("interrupted");
                }
                got.write(b, off, len);
            }
        });
        assertTrue(s.admit());
        Thread writer = Thread.ofVirtual().start(() -> s.serve(ex, "{\"first\":1}"));
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        for (int i = 0; i < EventStream.QUEUE_FRAMES + 1; i++) {
            s.publish("{\"n\":" + i + "}"); // never waits, even for a client that is stuck
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500));
        writer.join(5_000);
        assertFalse(writer.isAlive());
        assertEquals(1, s.droppedClients());
        assertEquals(0, s.clients());
    }

    @Test
    void framesArriveAsServerSentEvents() throws Exception {
        EventStream s = new EventStream(4, TimeUnit.SECONDS.toNanos(5));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Exchange ex = new Exchange(got);
        assertTrue(s.admit());
        Thread writer = Thread.ofVirtual().start(() -> s.serve(ex, "{\"a\":1}"));
        Threads.awaitUntil("the client is served", () -> s.clients() > 0);
        s.publish("{\"a\":2}");
        // Close only once the second frame is out: closing earlier may (rightly) drop it.
        Threads.awaitUntil("the second frame is out", () -> got.toString(StandardCharsets.UTF_8).contains("{\"a\":2}"));
        s.close();
        writer.join(5_000);
        String text = got.toString(StandardCharsets.UTF_8);
        assertEquals("retry: 2000\n\nevent: snapshot\ndata: {\"a\":1}\n\nevent: snapshot\ndata: {\"a\":2}\n\n", text);
        assertEquals("text/event-stream; charset=utf-8", ex.responseHeaders.getFirst("Content-Type"));
    }

    /** A minimal exchange over a given output stream. */
    static final class Exchange extends HttpExchange {
        final Headers responseHeaders = new Headers();
        final OutputStream out;
        volatile boolean closed;

        Exchange(OutputStream out) {
            this.out = out;
        }

        @Override public Headers getRequestHeaders() { return new Headers(); }
        @Override public Headers getResponseHeaders() { return responseHeaders; }
        @Override public URI getRequestURI() { return URI.create("/api/stream"); }
        @Override public String getRequestMethod() { return "GET"; }
        @Override public HttpContext getHttpContext() { return null; }
        @Override public void close() { closed = true; }
        @Override public InputStream getRequestBody() { return new ByteArrayInputStream(new byte[0]); }
        @Override public OutputStream getResponseBody() { return out; }
        @Override public void sendResponseHeaders(int rCode, long responseLength) { }
        @Override public InetSocketAddress getRemoteAddress() { return null; }
        @Override public int getResponseCode() { return 200; }
        @Override public InetSocketAddress getLocalAddress() { return null; }
        @Override public String getProtocol() { return "HTTP/1.1"; }
        @Override public Object getAttribute(String name) { return null; }
        @Override public void setAttribute(String name, Object value) { }
        @Override public void setStreams(InputStream i, OutputStream o) { }
        @Override public HttpPrincipal getPrincipal() { return null; }
    }
}
