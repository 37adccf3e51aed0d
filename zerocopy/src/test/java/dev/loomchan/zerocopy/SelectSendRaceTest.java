package dev.loomchan.zerocopy;

import dev.loomchan.select.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch receiver takes a descriptor out of flight with a plain release store, unless a select clause offered it: a
 * select marks its descriptor in flight only after choosing the clause, so its receiver may get the descriptor while
 * the sender's thread is still its holder, and both move it with a compare-and-set. These tests drive both orders,
 * with single and batch receives.
 */
class SelectSendRaceTest {
    private static final int ROUNDS = 2_000;

    private final DescriptorPool pool = DescriptorPool.builder().slotSize(64).slotCount(4).name("race").build();

    @ParameterizedTest(name = "received {0}")
    @ValueSource(strings = {"one at a time", "in runs"})
    void aSelectSenderAndItsReceiverRaceToMoveTheDescriptor(String how) throws Exception {
        boolean inRuns = how.equals("in runs");
        ZeroCopyChannel channel = ZeroCopyChannel.rendezvous(pool);
        AtomicReference<Throwable> receiverFailure = new AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                List<Descriptor> run = new ArrayList<>();
                for (long i = 0; i < ROUNDS; ) {
                    run.clear();
                    if (inRuns) {
                        channel.receiveMany(run, 4);
                    } else {
                        run.add(channel.receive());
                    }
                    for (Descriptor d : run) {
                        assertTrue(d.isOwnedByCurrentThread(), "the receiver owns what it received");
                        assertEquals(i++, d.buffer().getLong(0));
                        d.release();
                    }
                }
            } catch (Throwable e) {
                receiverFailure.set(e);
            }
        });
        for (long i = 0; i < ROUNDS; i++) {
            Descriptor d = pool.acquire();
            d.buffer().putLong(0, i);
            // Odd rounds wait until the receiver is parked (the select finds it at once and completes the send);
            // even rounds select at once, mostly before the receiver comes back (the select registers, and the
            // receiver takes the descriptor while the sender's thread is still its holder).
            while (i % 2 == 1 && receiver.getState() != Thread.State.WAITING && receiver.isAlive()) {
                Thread.onSpinWait();
            }
            String chosen = Select.select(channel.onSend(d, () -> "sent"),
                    Select.onTimeout(Duration.ofSeconds(10), () -> "the receiver stopped"));
            assertNull(receiverFailure.get());
            assertEquals("sent", chosen);
            assertFalse(d.isOwnedByCurrentThread(), "a sent descriptor is dead for its sender");
            assertThrows(DescriptorMisuseException.class, d::length);
        }
        receiver.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(receiver.isAlive(), "the receiver got every descriptor");
        assertNull(receiverFailure.get());
        PoolStatistics statistics = pool.statistics();
        assertEquals(0, pool.inUse());
        assertEquals(ROUNDS, statistics.transfers());
        assertEquals(ROUNDS, statistics.released());
    }

    @Test
    void aDescriptorOfferedByASelectThatChoseAnotherClauseIsSentAndReceivedAsUsual() throws Exception {
        ZeroCopyChannel idle = ZeroCopyChannel.rendezvous(pool);
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 1);
        Descriptor d = pool.acquire();
        String chosen = Select.select(idle.onSend(d, () -> "idle"), Select.onDefault(() -> "default"));
        assertEquals("default", chosen);
        assertTrue(d.isOwnedByCurrentThread());
        channel.send(d);
        CompletableFuture<Boolean> received = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                Descriptor got = channel.receive();
                boolean owned = got.isOwnedByCurrentThread();
                got.release();
                received.complete(owned);
            } catch (Throwable e) {
                received.completeExceptionally(e);
            }
        });
        assertTrue(received.get(10, TimeUnit.SECONDS));
        assertEquals(0, pool.inUse());
        assertEquals(1, pool.statistics().transfers());
    }
}
