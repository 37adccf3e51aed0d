package dev.loomchan.zerocopy;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.reliability.Threads;
import dev.loomchan.select.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ownership moves with the descriptor through every kind of channel, payloads are never copied, and whatever a
 * channel cannot deliver (close, cancel, drops, interrupted sends) goes back to the pool.
 */
class ZeroCopyChannelTest {
    private final DescriptorPool pool = DescriptorPool.builder().slotSize(256).slotCount(8).name("test").build();

    /** The channel kinds the module supports. */
    enum Kind {
        RENDEZVOUS(Channel.RENDEZVOUS, BufferOverflow.SUSPEND),
        BUFFERED(4, BufferOverflow.SUSPEND),
        UNLIMITED(Channel.UNLIMITED, BufferOverflow.SUSPEND),
        CONFLATED(Channel.CONFLATED, BufferOverflow.SUSPEND),
        DROP_OLDEST(2, BufferOverflow.DROP_OLDEST),
        DROP_LATEST(2, BufferOverflow.DROP_LATEST);

        final int capacity;
        final BufferOverflow overflow;

        Kind(int capacity, BufferOverflow overflow) {
            this.capacity = capacity;
            this.overflow = overflow;
        }

        ZeroCopyChannel of(DescriptorPool pool) {
            return ZeroCopyChannel.create(pool, capacity, overflow, name());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theReceiverGetsTheSameSlotAndOwnsIt(Kind kind) throws Exception {
        ZeroCopyChannel channel = kind.of(pool);
        CompletableFuture<long[]> seen = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                Descriptor d = channel.receive();
                seen.complete(new long[]{d.buffer().addressOffset(), d.buffer().getLong(0), d.length()});
                d.release();
            } catch (Throwable e) {
                seen.completeExceptionally(e);
            }
        });
        Descriptor d = pool.acquire();
        long address = d.buffer().addressOffset();
        d.buffer().putLong(0, 77L);
        d.length(8);
        channel.send(d);
        assertFalse(d.isOwnedByCurrentThread());
        long[] got = seen.get(5, TimeUnit.SECONDS);
        assertEquals(address, got[0], "the payload did not move");
        assertEquals(77L, got[1]);
        assertEquals(8, got[2]);
        receiver.join();
        PoolStatistics stats = pool.statistics();
        assertEquals(1, stats.transfers());
        assertEquals(8, stats.bytesMoved());
        assertEquals(0, stats.inUse());
    }

    @Test
    void aFailedTrySendLeavesTheDescriptorWithTheSender() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.rendezvous(pool);
        Descriptor d = pool.acquire();
        assertTrue(channel.trySend(d).isFailure());
        assertTrue(d.isOwnedByCurrentThread());
        d.buffer().putInt(0, 1);
        d.release();
    }

    @Test
    void aTimedOutSendLeavesTheDescriptorWithTheSender() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.rendezvous(pool);
        Descriptor d = pool.acquire();
        assertFalse(channel.send(d, Duration.ofMillis(20)));
        assertTrue(d.isOwnedByCurrentThread());
        d.release();
        assertEquals(0, pool.inUse());
    }

    @Test
    void aSendToAClosedChannelReturnsTheDescriptorToThePool() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 4);
        channel.close();
        Descriptor d = pool.acquire();
        assertThrows(ClosedSendChannelException.class, () -> channel.send(d));
        assertEquals(0, pool.inUse());
        assertEquals(1, pool.statistics().reclaimed());
        assertThrows(DescriptorMisuseException.class, d::buffer);
    }

    @Test
    void aTrySendToAClosedChannelLeavesTheDescriptorWithTheSender() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 4);
        channel.close();
        Descriptor d = pool.acquire();
        assertTrue(channel.trySend(d).isClosed());
        assertTrue(d.isOwnedByCurrentThread());
        d.release();
    }

    @Test
    void cancelReturnsEveryBufferedDescriptor() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 8);
        for (int i = 0; i < 5; i++) {
            channel.send(pool.acquire());
        }
        assertEquals(5, pool.inUse());
        channel.cancel();
        assertEquals(0, pool.inUse());
        assertEquals(5, pool.statistics().reclaimed());
        assertThrows(CancellationException.class, () -> channel.send(pool.acquire()));
        assertEquals(0, pool.inUse(), "a send to a cancelled channel returns its descriptor too");
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"CONFLATED", "DROP_OLDEST", "DROP_LATEST"})
    void droppedDescriptorsGoBackToThePool(Kind kind) throws Exception {
        ZeroCopyChannel channel = kind.of(pool);
        for (int i = 0; i < 6; i++) {
            channel.send(pool.acquire());
        }
        int buffered = kind == Kind.CONFLATED ? 1 : 2;
        assertEquals(buffered, pool.inUse());
        for (int i = 0; i < buffered; i++) {
            channel.receive().release();
        }
        assertEquals(0, pool.inUse());
        assertEquals(6 - buffered, pool.statistics().reclaimed());
    }

    @Test
    void anInterruptedSendReturnsTheDescriptorToThePool() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.rendezvous(pool);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                channel.send(pool.acquire());
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        Threads.awaitUntil("the sender holds a descriptor and waits",
                () -> pool.inUse() != 0 && sender.getState() == Thread.State.WAITING);
        sender.interrupt();
        assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof InterruptedException);
        assertEquals(0, pool.inUse());
    }

    @Test
    void selectClausesMoveOwnership() throws Exception {
        ZeroCopyChannel a = ZeroCopyChannel.buffered(pool, 1);
        ZeroCopyChannel b = ZeroCopyChannel.buffered(pool, 1);
        a.send(pool.acquire());
        Descriptor d = pool.acquire();
        String chosen = Select.select(a.onSend(d, () -> "a"), b.onSend(d, () -> "b"));
        assertEquals("b", chosen, "a is full");
        assertFalse(d.isOwnedByCurrentThread(), "sent by the select");
        assertThrows(DescriptorMisuseException.class, d::length);
        Descriptor got = Select.select(b.onReceive(x -> x));
        assertSame(d, got);
        assertTrue(got.isOwnedByCurrentThread());
        got.release();
        a.receive().release();
        assertEquals(0, pool.inUse());
    }

    @Test
    void aSendClauseNotChosenLeavesTheDescriptorWithTheSender() throws Exception {
        ZeroCopyChannel full = ZeroCopyChannel.buffered(pool, 0);
        Descriptor d = pool.acquire();
        String chosen = Select.select(full.onSend(d, () -> "sent"), Select.onDefault(() -> "default"));
        assertEquals("default", chosen);
        assertTrue(d.isOwnedByCurrentThread());
        d.release();
    }

    @Test
    void theIteratorAndTryReceiveHandOverOwnership() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.unlimited(pool);
        for (int i = 0; i < 3; i++) {
            channel.send(pool.acquire().length(i));
        }
        channel.close();
        Descriptor first = channel.tryReceive().getOrThrow();
        assertEquals(0, first.length());
        first.release();
        int count = 0;
        for (var it = channel.iterator(); it.hasNext(); ) {
            Descriptor d = it.next();
            assertTrue(d.isOwnedByCurrentThread());
            d.release();
            count++;
        }
        assertEquals(2, count);
        assertEquals(0, pool.inUse());
    }
}
