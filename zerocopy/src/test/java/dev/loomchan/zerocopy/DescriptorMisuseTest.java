package dev.loomchan.zerocopy;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every misuse the issue lists is caught, deterministically, with an exception that names the slot and its holder:
 * access after send, access after release, double release, release in flight, a descriptor from another pool; and the
 * cases around them (release after send, use by a thread that never owned it).
 */
class DescriptorMisuseTest {
    private final DescriptorPool pool = DescriptorPool.builder().slotSize(64).slotCount(4).name("frames").build();
    private final ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 4);

    @Test
    void accessAfterSendWhileInFlight() throws Exception {
        Descriptor d = pool.acquire();
        var view = d.buffer();
        channel.send(d);
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, () -> view.getLong(0));
        assertEquals(DescriptorMisuseException.Kind.ACCESS_AFTER_SEND, e.kind());
        assertEquals(d.slot(), e.slot());
        assertEquals("frames", e.poolName());
        assertTrue(e.getMessage().contains("slot " + d.slot()), e.getMessage());
        assertTrue(e.getMessage().contains("in flight"), e.getMessage());
        assertThrows(DescriptorMisuseException.class, d::length);
        assertThrows(DescriptorMisuseException.class, d::buffer);
    }

    @Test
    void accessAfterSendOnceTheReceiverOwnsIt() throws Exception {
        Descriptor d = pool.acquire();
        var view = d.buffer();
        channel.send(d);
        AtomicReference<Thread> receiver = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                channel.receive();
                receiver.set(Thread.currentThread());
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
        });
        t.join();
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, () -> view.putByte(0, (byte) 1));
        assertEquals(DescriptorMisuseException.Kind.ACCESS_AFTER_SEND, e.kind());
        assertSame(receiver.get(), e.owner(), "names the owner");
        assertTrue(e.getMessage().contains("owned by " + receiver.get()), e.getMessage());
        DescriptorMisuseException release = assertThrows(DescriptorMisuseException.class, d::release);
        assertEquals(DescriptorMisuseException.Kind.RELEASE_AFTER_SEND, release.kind());
    }

    @Test
    void accessAfterRelease() throws Exception {
        Descriptor d = pool.acquire();
        var view = d.buffer();
        d.release();
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, () -> view.getInt(4));
        assertEquals(DescriptorMisuseException.Kind.ACCESS_AFTER_RELEASE, e.kind());
        assertTrue(e.getMessage().contains("released by " + Thread.currentThread()), e.getMessage());
    }

    @Test
    void doubleRelease() throws Exception {
        Descriptor d = pool.acquire();
        d.release();
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, d::release);
        assertEquals(DescriptorMisuseException.Kind.DOUBLE_RELEASE, e.kind());
        assertEquals(0, pool.inUse(), "the failed release changed nothing");
        assertEquals(1, pool.statistics().released());
    }

    @Test
    void releaseInFlight() throws Exception {
        Descriptor d = pool.acquire();
        channel.send(d);
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, () -> pool.release(d));
        assertEquals(DescriptorMisuseException.Kind.RELEASE_IN_FLIGHT, e.kind());
        assertSame(d, channel.receive(), "the channel still delivers it");
        d.release();
    }

    @Test
    void descriptorFromAnotherPool() throws Exception {
        DescriptorPool other = DescriptorPool.builder().slotSize(64).slotCount(1).name("other").build();
        Descriptor foreign = other.acquire();
        DescriptorMisuseException toPool = assertThrows(DescriptorMisuseException.class, () -> pool.release(foreign));
        assertEquals(DescriptorMisuseException.Kind.FOREIGN_POOL, toPool.kind());
        assertEquals("other", toPool.poolName());
        assertTrue(toPool.getMessage().contains("given to pool 'frames'"), toPool.getMessage());
        DescriptorMisuseException toChannel = assertThrows(DescriptorMisuseException.class,
                () -> channel.send(foreign));
        assertEquals(DescriptorMisuseException.Kind.FOREIGN_POOL, toChannel.kind());
        assertTrue(foreign.isOwnedByCurrentThread(), "nothing happened to it");
        assertTrue(channel.isEmpty());
        foreign.release();
    }

    @Test
    void useByAThreadThatNeverOwnedIt() throws Exception {
        Descriptor d = pool.acquire();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                d.buffer();
            } catch (Throwable e) {
                seen.set(e);
            }
        }).join();
        DescriptorMisuseException e = (DescriptorMisuseException) seen.get();
        assertEquals(DescriptorMisuseException.Kind.NOT_OWNER, e.kind());
        assertSame(Thread.currentThread(), e.owner());
        d.release();
    }

    @Test
    void sendingTwiceIsAnAccessAfterSend() throws Exception {
        Descriptor d = pool.acquire();
        channel.send(d);
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, () -> channel.send(d));
        assertEquals(DescriptorMisuseException.Kind.ACCESS_AFTER_SEND, e.kind());
        assertSame(d, channel.receive());
        assertNull(channel.tryReceive().getOrNull(), "sent once, received once");
        d.release();
    }

    @Test
    void theGenerationMovesWithEveryChangeOfHands() throws Exception {
        Descriptor d = pool.acquire();
        int acquired = d.generation();
        channel.send(d);
        assertEquals(acquired + 1, d.generation());
        channel.receive();
        assertEquals(acquired + 2, d.generation());
        d.release();
        assertEquals(acquired + 3, d.generation());
        assertFalse(d.isOwnedByCurrentThread());
    }
}
