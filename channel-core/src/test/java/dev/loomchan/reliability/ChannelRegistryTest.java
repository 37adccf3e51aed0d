package dev.loomchan.reliability;

import dev.loomchan.Channel;
import dev.loomchan.ChannelRegistry;
import dev.loomchan.ChannelStatistics;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry lists named channels, keeps none of them alive, and tells subscribers about new ones. */
class ChannelRegistryTest {

    private static String uniqueName() {
        return "registry-test-" + UUID.randomUUID();
    }

    private static List<ChannelRegistry.Entry> entriesNamed(String name) {
        return ChannelRegistry.entries().stream().filter(e -> e.name().equals(name)).toList();
    }

    @Test
    void aNamedChannelIsListedWithItsStatistics() {
        String name = uniqueName();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(4).name(name).build();
        ch.trySend(1);
        List<ChannelRegistry.Entry> entries = entriesNamed(name);
        assertEquals(1, entries.size());
        assertSame(ch, entries.get(0).channel());
        assertTrue(ChannelRegistry.channels().contains(ch));
        ChannelStatistics s = ChannelRegistry.statistics().stream().filter(x -> name.equals(x.name())).findFirst()
                .orElseThrow();
        assertEquals(1, s.size());
    }

    @Test
    void unnamedChannelsAreNotRegistered() {
        Channel<Integer> ch = Channel.buffered(4);
        assertFalse(ChannelRegistry.channels().contains(ch));
    }

    @Test
    void duplicateNamesAreDistinctEntries() {
        String name = uniqueName();
        Channel<Integer> a = Channel.<Integer>builder().name(name).build();
        Channel<Integer> b = Channel.<Integer>builder().name(name).build();
        List<ChannelRegistry.Entry> entries = entriesNamed(name);
        assertEquals(2, entries.size());
        assertSame(a, entries.get(0).channel());
        assertSame(b, entries.get(1).channel());
        assertNotEquals(entries.get(0).id(), entries.get(1).id());
    }

    @Test
    void aNamedChannelIsCollectedOnceUnreachableAndLeavesTheRegistry() {
        String name = uniqueName();
        List<WeakReference<Channel<Integer>>> refs = new ArrayList<>();
        refs.add(new WeakReference<>(Channel.<Integer>builder().capacity(8).name(name).build()));
        ChannelRegistry.Entry entry = entriesNamed(name).get(0); // an entry does not keep its channel alive
        Leaks.assertCollected("named channels", refs);
        assertNull(entry.channel());
        assertTrue(entriesNamed(name).isEmpty());
    }

    @Test
    void subscribersHearOfExistingAndNewChannelsUntilTheyUnsubscribe() {
        String name = uniqueName();
        Channel<Integer> before = Channel.<Integer>builder().name(name).build();
        List<Channel<?>> heard = new ArrayList<>();
        ChannelRegistry.Subscription subscription = ChannelRegistry.subscribe(e -> {
            if (e.name().equals(name)) {
                heard.add(e.channel());
            }
        });
        Channel<Integer> after = Channel.<Integer>builder().name(name).build();
        subscription.close();
        Channel<Integer> unheard = Channel.<Integer>builder().name(name).build();
        assertEquals(List.of(before, after), heard);
        assertFalse(heard.contains(unheard));
    }

    @Test
    void aThrowingSubscriberDoesNotStopAChannelBeingBuilt() throws InterruptedException {
        String name = uniqueName();
        List<Throwable> reported = new ArrayList<>();
        Thread t = Thread.ofVirtual().uncaughtExceptionHandler((th, e) -> reported.add(e)).unstarted(() -> {
            try (ChannelRegistry.Subscription s = ChannelRegistry.subscribe(e -> {
                if (e.name().equals(name)) {
                    throw new IllegalStateException("subscriber failed");
                }
            })) {
                Channel<Integer> ch = Channel.<Integer>builder().name(name).build();
                assertTrue(ChannelRegistry.channels().contains(ch));
            }
        });
        t.start();
        t.join();
        assertEquals(1, reported.size());
        assertEquals("subscriber failed", reported.get(0).getMessage());
    }
}
