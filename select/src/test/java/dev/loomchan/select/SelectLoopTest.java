package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.internal.BufferedChannel;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Selects in a loop: {@link Select#whileSelect} repeats while the chosen block returns true, offers the same send
 * element every round and ends with the exception of a clause (Kotlin's SelectLoopTest). Loops in which one clause
 * always wins and the other is registered and withdrawn every round keep the losing channel empty and small (Kotlin's
 * SelectMemoryLeakStressTest).
 */
@Timeout(60)
class SelectLoopTest {
    private static final int LEAK_ROUNDS = 20_000;
    private static final int MAX_SEGMENTS = 10;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void whileSelectRepeatsUntilABlockReturnsFalse(ThreadKind threads) throws Exception {
        Channel<Integer> jobs = Channel.rendezvous();
        Channel<String> shutdown = Channel.rendezvous();
        List<Integer> processed = new ArrayList<>();
        Worker<Void> loop = Worker.run(threads, "loop", () -> Select.whileSelect(
                jobs.onReceive(job -> processed.add(job)),
                shutdown.onReceive(signal -> false)));
        for (int i = 0; i < 100; i++) {
            jobs.send(i);
        }
        shutdown.send("stop");
        loop.value();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, processed);
        Registrations.assertNoneLeft(jobs, shutdown);
    }

    @Test
    void whileSelectOffersTheSameElementEveryRound() throws InterruptedException {
        Channel<String> out = Channel.buffered(16);
        AtomicInteger rounds = new AtomicInteger();
        Select.whileSelect(out.onSend("tick", () -> rounds.incrementAndGet() < 5));
        assertEquals(5, rounds.get());
        for (int i = 0; i < 5; i++) {
            assertEquals("tick", out.tryReceive().getOrNull());
        }
        assertTrue(out.isEmpty());
    }

    /** A clause that throws ends the loop with its exception and leaves no registration in the other channels. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void whileSelectEndsWithTheExceptionOfAClause(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Channel<String> other = Channel.rendezvous();
        AtomicInteger received = new AtomicInteger();
        Worker<Void> loop = Worker.run(threads, "loop", () -> Select.whileSelect(
                ch.onReceive(v -> received.incrementAndGet() > 0),
                other.onReceiveCatching((ChannelResult<String> r) -> fail("the other channel never fires"))));
        ch.send("one");
        loop.awaitParked();
        ch.cancel();
        loop.thrown(CancellationException.class);
        assertEquals(1, received.get());
        Registrations.assertNoneLeft(ch, other);
    }

    /** A send clause on a channel without receivers is registered and withdrawn every round; its elements go away. */
    @Test
    void aLosingSendClauseIsWithdrawnEveryRound() throws InterruptedException {
        Channel<byte[]> leak = Channel.rendezvous();
        Channel<Integer> data = Channel.buffered(1);
        for (int i = 0; i < LEAK_ROUNDS; i++) {
            data.send(i);
            byte[] big = new byte[4096];
            int got = Select.select(
                    leak.onSend(big, () -> fail("nobody receives from the leak channel")),
                    data.onReceive(v -> v));
            assertEquals(i, got);
        }
        assertLeftEmptyAndSmall(leak);
    }

    /** A receive clause on a channel without senders is registered and withdrawn every round. */
    @Test
    void aLosingReceiveClauseIsWithdrawnEveryRound() throws InterruptedException {
        Channel<byte[]> leak = Channel.rendezvous();
        Channel<Integer> data = Channel.buffered(1);
        for (int i = 0; i < LEAK_ROUNDS; i++) {
            int value = i;
            String r = Select.select(
                    leak.onReceive(v -> fail("nobody sends to the leak channel")),
                    data.onSend(value, () -> "sent"));
            assertEquals("sent", r);
            assertEquals(value, data.receive());
        }
        assertLeftEmptyAndSmall(leak);
    }

    private static void assertLeftEmptyAndSmall(Channel<byte[]> leak) {
        Registrations.assertNoneLeft(leak);
        assertFalse(leak.debugString().contains("element="), () -> "an element stayed in\n" + leak.debugString());
        int segments = ((BufferedChannel<?>) leak).reachableSegmentCount();
        assertTrue(segments <= MAX_SEGMENTS, "the withdrawn cells were not reclaimed: " + segments + " segments");
    }
}
