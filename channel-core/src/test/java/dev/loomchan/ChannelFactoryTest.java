package dev.loomchan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the factories and the builder accept, and which channel each capacity/policy pair gives. */
@Timeout(20)
class ChannelFactoryTest extends AbstractChannelTest {

    /** Sends {@code 0..n-1} with trySend, returning how many succeeded before the first failure (at most n). */
    private static int acceptedByTrySend(Channel<Integer> c, int n) {
        for (int i = 0; i < n; i++) {
            if (!c.trySend(i).isSuccess()) {
                return i;
            }
        }
        return n;
    }

    private static List<Integer> drain(Channel<Integer> c) {
        List<Integer> out = new ArrayList<>();
        for (ChannelResult<Integer> r = c.tryReceive(); r.isSuccess(); r = c.tryReceive()) {
            out.add(r.getOrThrow());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {-3, -4, -100, Integer.MIN_VALUE})
    void capacityBelowBufferedIsRejectedNamingTheValue(int capacity) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channel.create(capacity));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(capacity)),
                "message should name the bad capacity " + capacity + ": " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Channel.create(capacity, BufferOverflow.DROP_OLDEST));
        assertThrows(IllegalArgumentException.class, () -> Channel.<Integer>builder().capacity(capacity).build());
    }

    @ParameterizedTest
    @EnumSource(value = BufferOverflow.class, names = {"DROP_OLDEST", "DROP_LATEST"})
    void conflatedWithDropPolicyIsRejected(BufferOverflow policy) {
        assertThrows(IllegalArgumentException.class, () -> Channel.create(Channel.CONFLATED, policy));
        assertThrows(IllegalArgumentException.class,
                () -> Channel.builder().capacity(Channel.CONFLATED).onBufferOverflow(policy).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -2, -3, Integer.MIN_VALUE})
    void bufferedWithNegativeCapacityIsRejected(int capacity) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channel.buffered(capacity));
        assertTrue(e.getMessage().contains(Integer.toString(capacity)), e.getMessage());
    }

    @Test
    void builderRejectsNulls() {
        assertThrows(NullPointerException.class, () -> Channel.builder().onBufferOverflow(null));
        assertThrows(NullPointerException.class, () -> Channel.builder().onUndeliveredElement(null));
        assertThrows(NullPointerException.class, () -> Channel.builder().name(null));
        assertThrows(NullPointerException.class, () -> Channel.create(1, null));
        assertThrows(NullPointerException.class, () -> Channel.create(Channel.RENDEZVOUS, null));
    }

    @Test
    void builderDefaultsToRendezvous() {
        Channel<Integer> c = Channel.<Integer>builder().build();
        assertFalse(c.trySend(1).isSuccess(), "a rendezvous channel has no room without a receiver");
        assertTrue(c.isEmpty());
    }

    @Test
    void rendezvousHasNoBuffer() {
        assertEquals(0, acceptedByTrySend(Channel.rendezvous(), 5));
        assertEquals(0, acceptedByTrySend(Channel.create(Channel.RENDEZVOUS), 5));
        assertEquals(0, acceptedByTrySend(Channel.buffered(0), 5));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 100, 1000})
    void bufferedHoldsExactlyItsCapacity(int capacity) {
        assertEquals(capacity, acceptedByTrySend(Channel.buffered(capacity), capacity + 5));
        assertEquals(capacity, acceptedByTrySend(Channel.create(capacity), capacity + 5));
        assertEquals(capacity, acceptedByTrySend(Channel.create(capacity, BufferOverflow.SUSPEND), capacity + 5));
        assertEquals(capacity,
                acceptedByTrySend(Channel.<Integer>builder().capacity(capacity).build(), capacity + 5));
    }

    @Test
    void defaultBufferIs64() {
        String property = System.getProperty("loomchan.channel.defaultBuffer");
        int expected = property == null ? 64 : Integer.parseInt(property.trim());
        assertEquals(expected, acceptedByTrySend(Channel.buffered(), expected + 10));
        assertEquals(expected, acceptedByTrySend(Channel.create(Channel.BUFFERED), expected + 10));
        assertEquals(expected,
                acceptedByTrySend(Channel.<Integer>builder().capacity(Channel.BUFFERED).build(), expected + 10));
    }

    @ParameterizedTest
    @EnumSource(BufferOverflow.class)
    void unlimitedIgnoresThePolicy(BufferOverflow policy) {
        Channel<Integer> c = Channel.create(Channel.UNLIMITED, policy);
        assertEquals(10_000, acceptedByTrySend(c, 10_000));
        List<Integer> got = drain(c);
        assertEquals(10_000, got.size(), "an unlimited channel drops nothing whatever the policy");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void unlimitedFactoriesAgree() {
        assertEquals(5000, acceptedByTrySend(Channel.unlimited(), 5000));
        assertEquals(5000, acceptedByTrySend(Channel.buffered(Channel.UNLIMITED), 5000));
    }

    @Test
    void conflatedKeepsTheLatest() {
        for (Channel<Integer> c : List.<Channel<Integer>>of(Channel.conflated(), Channel.create(Channel.CONFLATED),
                Channel.create(Channel.CONFLATED, BufferOverflow.SUSPEND))) {
            assertEquals(5, acceptedByTrySend(c, 5));
            assertEquals(List.of(4), drain(c));
        }
    }

    /** DROP_OLDEST with capacity 1 is a conflated channel. */
    @Test
    void oneWithDropOldestBehavesConflated() {
        Channel<Integer> c = Channel.create(1, BufferOverflow.DROP_OLDEST);
        assertEquals(5, acceptedByTrySend(c, 5));
        assertEquals(List.of(4), drain(c));
    }

    @Test
    void oneWithDropLatestKeepsTheFirst() {
        Channel<Integer> c = Channel.create(1, BufferOverflow.DROP_LATEST);
        assertEquals(5, acceptedByTrySend(c, 5));
        assertEquals(List.of(0), drain(c));
    }

    /** A DROP_* policy on a rendezvous or default-buffered channel gives a buffer of one. */
    @ParameterizedTest
    @ValueSource(ints = {Channel.RENDEZVOUS, Channel.BUFFERED})
    void dropOldestOnRendezvousOrDefaultIsBufferOfOne(int capacity) throws InterruptedException {
        Channel<Integer> c = Channel.create(capacity, BufferOverflow.DROP_OLDEST);
        c.send(1);
        c.send(2);
        c.send(3);
        assertEquals(3, c.receive());
        assertNull(c.tryReceive().getOrNull());
    }

    @ParameterizedTest
    @ValueSource(ints = {Channel.RENDEZVOUS, Channel.BUFFERED})
    void dropLatestOnRendezvousOrDefaultIsBufferOfOne(int capacity) throws InterruptedException {
        Channel<Integer> c = Channel.create(capacity, BufferOverflow.DROP_LATEST);
        c.send(1);
        c.send(2);
        c.send(3);
        assertEquals(1, c.receive());
        assertNull(c.tryReceive().getOrNull());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 10})
    void dropPoliciesKeepTheirCapacity(int capacity) {
        Channel<Integer> oldest = Channel.create(capacity, BufferOverflow.DROP_OLDEST);
        Channel<Integer> latest = Channel.create(capacity, BufferOverflow.DROP_LATEST);
        assertEquals(capacity * 3, acceptedByTrySend(oldest, capacity * 3));
        assertEquals(capacity * 3, acceptedByTrySend(latest, capacity * 3));
        List<Integer> expectedOldest = new ArrayList<>();
        List<Integer> expectedLatest = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            expectedOldest.add(capacity * 2 + i);
            expectedLatest.add(i);
        }
        assertEquals(expectedOldest, drain(oldest));
        assertEquals(expectedLatest, drain(latest));
    }

    @Test
    void freshChannelsAreOpenAndEmpty() {
        for (Channel<Integer> c : List.<Channel<Integer>>of(Channel.rendezvous(), Channel.buffered(), Channel.buffered(3),
                Channel.unlimited(), Channel.conflated(), Channel.create(2, BufferOverflow.DROP_LATEST))) {
            assertTrue(c.isEmpty(), c.toString());
            assertFalse(c.isClosedForSend(), c.toString());
            assertFalse(c.isClosedForReceive(), c.toString());
            assertTrue(c.tryReceive().isFailure());
            assertFalse(c.tryReceive().isClosed());
        }
    }

    /** Creating many huge channels must not pre-allocate their buffers. */
    @Test
    void bufferIsNotPreallocated() {
        List<Channel<Integer>> keep = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keep.add(Channel.buffered(Integer.MAX_VALUE / 2));
        }
        assertEquals(20_000, keep.size());
    }
}
