package dev.loomchan.metrics;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.reliability.Threads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The binder against a {@link SimpleMeterRegistry}: which meters, what they read, and when they go. */
class LoomchanChannelMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LoomchanChannelMetrics metrics = new LoomchanChannelMetrics(Tags.of("app", "test"), Duration.ZERO);
    private final String name = "metrics-test-" + UUID.randomUUID();

    @AfterEach
    void unbind() {
        metrics.close();
    }

    private List<Meter> metersOfThisTest() {
        return registry.getMeters().stream().filter(m -> name.equals(m.getId().getTag("name"))).toList();
    }

    private double counter(ChannelMeter meter) {
        return registry.get(meter.meterName()).tag("name", name).functionCounter().count();
    }

    private double gauge(ChannelMeter meter) {
        return registry.get(meter.meterName()).tag("name", name).gauge().value();
    }

    @Test
    void aChannelBuiltBeforeBindingGetsEveryMeterWithItsTags() {
        Channel<Integer> ch = Channel.<Integer>builder().capacity(16).name(name).build();
        metrics.bindTo(registry);
        List<Meter> meters = metersOfThisTest();
        Set<String> names = meters.stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
        assertEquals(Arrays.stream(ChannelMeter.values()).map(ChannelMeter::meterName).collect(Collectors.toSet()), names);
        for (Meter m : meters) {
            assertEquals("buffered(16)", m.getId().getTag("kind"));
            assertEquals("test", m.getId().getTag("app"));
            ChannelMeter def = Arrays.stream(ChannelMeter.values())
                    .filter(d -> d.meterName().equals(m.getId().getName())).findFirst().orElseThrow();
            assertTrue(def.isCounter() ? m instanceof FunctionCounter : m instanceof Gauge, m.getId()::toString);
        }
        assertEquals(16.0, gauge(ChannelMeter.CAPACITY));
        ch.close();
    }

    @Test
    void aChannelBuiltAfterBindingGetsMetersThatReadItsStatistics() throws InterruptedException {
        metrics.bindTo(registry);
        Channel<Integer> ch = Channel.<Integer>builder().capacity(2).onBufferOverflow(BufferOverflow.DROP_OLDEST)
                .name(name).build();
        for (int i = 0; i < 5; i++) {
            ch.send(i);
        }
        ch.receive();
        assertEquals(5.0, counter(ChannelMeter.SENT));
        assertEquals(1.0, counter(ChannelMeter.RECEIVED));
        assertEquals(3.0, counter(ChannelMeter.DROPPED));
        assertEquals(3.0, counter(ChannelMeter.UNDELIVERED));
        assertEquals(1.0, gauge(ChannelMeter.SIZE));
        assertEquals(0.0, gauge(ChannelMeter.STATE));
        ch.cancel();
        assertEquals(2.0, gauge(ChannelMeter.STATE));
        assertEquals(0.0, gauge(ChannelMeter.SIZE));
    }

    @Test
    void waitingAndSuspensionsShowAParkedReceiver() throws Exception {
        metrics.bindTo(registry);
        Channel<Integer> ch = Channel.<Integer>builder().name(name).build();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                ch.receive(Duration.ofMillis(30));
            } catch (InterruptedException e) {
                fail(e);
            }
        });
        receiver.join();
        assertEquals(1.0, counter(ChannelMeter.RECEIVE_SUSPENSIONS));
        assertEquals(1.0, counter(ChannelMeter.CANCELLED_RECEIVERS));
        assertEquals(0.0, gauge(ChannelMeter.WAITING_RECEIVERS));
        ch.close();
    }

    @Test
    void channelsSharingANameHaveMetersOfTheirOwn() {
        metrics.bindTo(registry);
        Channel<Integer> a = Channel.<Integer>builder().capacity(4).name(name).build();
        Channel<Integer> b = Channel.<Integer>builder().capacity(4).name(name).build();
        a.trySend(1);
        List<Double> sizes = registry.find(ChannelMeter.SIZE.meterName()).tag("name", name).gauges().stream()
                .map(Gauge::value).sorted().toList();
        assertEquals(List.of(0.0, 1.0), sizes);
        b.close();
    }

    @Test
    void unnamedChannelsHaveNoMeters() {
        metrics.bindTo(registry);
        int before = registry.getMeters().size();
        Channel<Integer> ch = Channel.buffered(4);
        ch.trySend(1);
        assertEquals(before, registry.getMeters().size());
    }

    @Test
    void theMetersOfACollectedChannelLeaveTheRegistry() {
        metrics.bindTo(registry);
        WeakReference<Channel<Integer>> ref = new WeakReference<>(Channel.<Integer>builder().capacity(4).name(name).build());
        assertEquals(ChannelMeter.values().length, metersOfThisTest().size());
        // The removal is a Cleaner action: it runs once the channel has been collected, so collect until it has run.
        Threads.awaitUntil("the channel is collected (the meters must not keep it alive) and its meters leave the registry",
                () -> ref.get() == null && metersOfThisTest().isEmpty() || notYetAfterAGc());
        assertNull(ref.get(), "the meters kept the channel alive");
        assertEquals(List.of(), metersOfThisTest());
    }

    /** A step of a poll for what a collection brings about: collects, and says not yet. */
    private static boolean notYetAfterAGc() {
        System.gc();
        return false;
    }

    @Test
    void closingTheBinderRemovesItsMetersAndStopsFollowingNewChannels() {
        metrics.bindTo(registry);
        Channel<Integer> before = Channel.<Integer>builder().name(name).build();
        metrics.close();
        assertEquals(List.of(), metersOfThisTest());
        Channel<Integer> after = Channel.<Integer>builder().name(name).build();
        assertEquals(List.of(), metersOfThisTest());
        before.close();
        after.close();
    }

    @Test
    void aSnapshotIsSharedByTheMetersOfOneScrape() {
        LoomchanChannelMetrics cached = new LoomchanChannelMetrics(Tags.empty(), Duration.ofHours(1));
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        try {
            cached.bindTo(other);
            Channel<Integer> ch = Channel.<Integer>builder().capacity(4).name(name).build();
            assertEquals(0.0, other.get(ChannelMeter.SIZE.meterName()).tag("name", name).gauge().value());
            ch.trySend(1);
            assertEquals(0.0, other.get(ChannelMeter.SENT.meterName()).tag("name", name).functionCounter().count());
        } finally {
            cached.close();
        }
    }
}
