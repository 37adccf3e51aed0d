package dev.loomchan.statistics;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelRegistry;
import dev.loomchan.ChannelTracer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tracer installed with ChannelRegistry.trace hears every named channel, once per event, and never an unnamed one. */
class RegistryTracerTest {

    /** Records the events of the channels it is told to watch (other tests' channels may report meanwhile). */
    static final class Watching implements ChannelTracer {
        final List<Channel<?>> watched = Collections.synchronizedList(new ArrayList<>());
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        private boolean mine(Channel<?> ch) {
            return watched.stream().anyMatch(w -> w == ch);
        }

        @Override
        public void onClosed(Channel<?> channel, Throwable cause) {
            if (mine(channel)) events.add("closed " + channel.statistics().name());
        }

        @Override
        public void onCancelled(Channel<?> channel, Throwable cause) {
            if (mine(channel)) events.add("cancelled " + channel.statistics().name());
        }

        @Override
        public void onUndelivered(Channel<?> channel, Object element) {
            if (mine(channel)) events.add("undelivered " + element);
        }

        @Override
        public void onDropped(Channel<?> channel, Object element) {
            if (mine(channel)) events.add("dropped " + element);
        }
    }

    @Test
    void hearsNamedChannelsBuiltBeforeAndAfterItWasInstalled() throws InterruptedException {
        Channel<Integer> before = Channel.<Integer>builder().capacity(1).name("rt-before").build();
        Watching tracer = new Watching();
        try (ChannelRegistry.Subscription ignored = ChannelRegistry.trace(tracer)) {
            Channel<Integer> after = Channel.<Integer>builder().capacity(1).onBufferOverflow(BufferOverflow.DROP_OLDEST)
                    .name("rt-after").build();
            tracer.watched.add(before);
            tracer.watched.add(after);
            before.send(1);
            before.cancel();
            after.send(7);
            after.send(8);
            after.close();
            assertEquals(List.of("cancelled rt-before", "undelivered 1", "dropped 7", "closed rt-after"),
                    tracer.events);
        }
    }

    @Test
    void stopsHearingOnceClosedAndNeverHearsUnnamedChannels() {
        Watching tracer = new Watching();
        Channel<Integer> named = Channel.<Integer>builder().capacity(1).name("rt-closed").build();
        Channel<Integer> unnamed = Channel.<Integer>builder().capacity(1).build();
        tracer.watched.add(named);
        tracer.watched.add(unnamed);
        ChannelRegistry.Subscription sub = ChannelRegistry.trace(tracer);
        unnamed.close();
        sub.close();
        sub.close(); // idempotent
        named.close();
        assertEquals(List.of(), tracer.events);
    }

    @Test
    void theChannelsOwnTracerHearsFirstAndAThrowingTracerHurtsNobody() throws InterruptedException {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> uncaught = new AtomicReference<>();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(1).name("rt-order").tracer(new ChannelTracer() {
            @Override
            public void onClosed(Channel<?> channel, Throwable cause) {
                order.add("own");
                throw new IllegalStateException("own tracer fails");
            }
        }).build();
        ChannelTracer throwing = new ChannelTracer() {
            @Override
            public void onClosed(Channel<?> channel, Throwable cause) {
                if (channel == ch) {
                    order.add("throwing");
                    throw new IllegalStateException("installed tracer fails");
                }
            }
        };
        Watching last = new Watching();
        last.watched.add(ch);
        Thread.UncaughtExceptionHandler saved = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
            if (!uncaught.compareAndSet(null, e)) uncaught.get().addSuppressed(e);
        });
        try (ChannelRegistry.Subscription a = ChannelRegistry.trace(throwing);
             ChannelRegistry.Subscription b = ChannelRegistry.trace(last)) {
            ch.send(1);
            assertTrue(ch.close());
        } finally {
            Thread.currentThread().setUncaughtExceptionHandler(saved);
        }
        assertEquals(List.of("own", "throwing"), order);
        assertEquals(List.of("closed rt-order"), last.events);
        assertEquals("own tracer fails", uncaught.get().getMessage());
        assertEquals("installed tracer fails", uncaught.get().getSuppressed()[0].getMessage());
        assertEquals(1, ch.receive());
    }

    @Test
    void eachInstallationIsItsOwn() {
        Watching tracer = new Watching();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(1).name("rt-twice").build();
        tracer.watched.add(ch);
        ChannelRegistry.Subscription a = ChannelRegistry.trace(tracer);
        try (ChannelRegistry.Subscription b = ChannelRegistry.trace(tracer)) {
            a.close();
            a.close(); // the second close must not remove the other installation
            ch.close();
        }
        assertEquals(List.of("closed rt-twice"), tracer.events);
    }

    @Test
    void aNullTracerIsRefusedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ChannelRegistry.trace(null));
        assertEquals("tracer", e.getMessage());
    }
}
