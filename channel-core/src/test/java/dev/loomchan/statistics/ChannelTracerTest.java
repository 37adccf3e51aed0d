package dev.loomchan.statistics;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelTracer;
import dev.loomchan.ClosedSendChannelException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.loomchan.reliability.Threads.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tracer hears each slow-path event exactly once; a throwing tracer does not hurt the channel. */
class ChannelTracerTest {

    /** Records every event as a line. */
    static final class Recorder implements ChannelTracer {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onClosed(Channel<?> channel, Throwable cause) {
            events.add("closed " + (cause == null ? null : cause.getMessage()));
        }

        @Override
        public void onCancelled(Channel<?> channel, Throwable cause) {
            events.add("cancelled " + (cause == null ? null : cause.getMessage()));
        }

        @Override
        public void onUndelivered(Channel<?> channel, Object element) {
            events.add("undelivered " + element);
        }

        @Override
        public void onDropped(Channel<?> channel, Object element) {
            events.add("dropped " + element);
        }
    }

    @Test
    void closeIsReportedOnceByTheCallThatClosed() {
        Recorder tracer = new Recorder();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(2).tracer(tracer).build();
        ch.close(new RuntimeException("done"));
        ch.close();
        assertEquals(List.of("closed done"), tracer.events);
    }

    @Test
    void aSendOnAClosedChannelIsReportedUndelivered() {
        Recorder tracer = new Recorder();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(2).tracer(tracer).build();
        ch.close();
        assertThrows(ClosedSendChannelException.class, () -> ch.send(1));
        assertTrue(ch.trySend(2).isClosed()); // not undelivered: the caller keeps it
        assertEquals(List.of("closed null", "undelivered 1"), tracer.events);
    }

    @Test
    void cancelIsReportedOnceThenEachRemovedElementOnce() throws InterruptedException {
        Recorder tracer = new Recorder();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(4).tracer(tracer).build();
        ch.send(1);
        ch.send(2);
        ch.close();
        ch.cancel(new RuntimeException("stop"));
        ch.cancel();
        assertEquals(List.of("closed null", "cancelled stop", "undelivered 2", "undelivered 1"), tracer.events);
    }

    @Test
    void everyDropIsReportedOnceAsDroppedNotUndelivered() {
        Recorder oldest = new Recorder();
        Recorder latest = new Recorder();
        Channel<Integer> dropOldest = Channel.<Integer>builder().capacity(1)
                .onBufferOverflow(BufferOverflow.DROP_OLDEST).tracer(oldest).build();
        Channel<Integer> dropLatest = Channel.<Integer>builder().capacity(1)
                .onBufferOverflow(BufferOverflow.DROP_LATEST).tracer(latest).build();
        for (int i = 1; i <= 3; i++) {
            dropOldest.trySend(i);
            dropLatest.trySend(i);
        }
        assertEquals(List.of("dropped 1", "dropped 2"), oldest.events);
        assertEquals(List.of("dropped 2", "dropped 3"), latest.events);
    }

    @Test
    void anInterruptedSendIsReportedUndeliveredOnce() throws Exception {
        Recorder tracer = new Recorder();
        Channel<Integer> ch = Channel.<Integer>builder().tracer(tracer).build();
        Thread sender = Thread.ofVirtual().start(() -> assertThrows(InterruptedException.class, () -> ch.send(7)));
        awaitUntil("one waiting sender is counted", () -> ch.statistics().waitingSenders() == 1);
        sender.interrupt();
        sender.join();
        assertEquals(List.of("undelivered 7"), tracer.events);
    }

    @Test
    void aThrowingTracerGoesToTheUncaughtHandlerAndTheChannelCarriesOn() throws InterruptedException {
        List<Throwable> reported = new ArrayList<>();
        List<Integer> handled = new ArrayList<>();
        ChannelTracer broken = new ChannelTracer() {
            @Override
            public void onDropped(Channel<?> channel, Object element) {
                throw new IllegalStateException("tracer failed");
            }
        };
        Thread t = Thread.ofVirtual().uncaughtExceptionHandler((th, e) -> reported.add(e)).unstarted(() -> {
            Channel<Integer> ch = Channel.<Integer>builder().capacity(1).onBufferOverflow(BufferOverflow.DROP_OLDEST)
                    .onUndeliveredElement(handled::add).tracer(broken).build();
            ch.trySend(1);
            assertTrue(ch.trySend(2).isSuccess());
            assertEquals(2, ch.tryReceive().getOrThrow());
        });
        t.start();
        t.join();
        assertEquals(List.of(1), handled);
        assertEquals(1, reported.size());
        assertEquals("tracer failed", reported.get(0).getMessage());
    }
}
