package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Select#onDefault}: chosen exactly when no other clause can complete at once, wherever it is listed. A select
 * with a default never waits, so it never throws InterruptedException, and it wins over any positive time-out.
 */
@Timeout(60)
class SelectDefaultTest {

    @Test
    void theDefaultIsChosenWhenNothingIsReady() throws InterruptedException {
        Channel<String> in = Channel.rendezvous();
        Channel<String> full = Channel.buffered(1);
        full.send("buffered");
        assertEquals("default", Select.select(in.onReceive(v -> v), full.onSend("x", () -> "sent"),
                Select.onDefault(() -> "default")));
        Registrations.assertNoneLeft(in, full);
        assertEquals("default", Select.select(Select.onDefault(() -> "default")), "a default alone is chosen");
    }

    /** A ready clause wins over the default even when the default is listed first. */
    @Test
    void aReadyClauseWinsWhereverTheDefaultIsListed() throws InterruptedException {
        Channel<String> ready = Channel.buffered(2);
        Channel<String> silent = Channel.rendezvous();
        ready.send("a");
        ready.send("b");
        assertEquals("a", Select.select(Select.onDefault(() -> "default"), silent.onReceive(v -> v),
                ready.onReceive(v -> v)));
        assertEquals("b", Select.select(ready.onReceive(v -> v), Select.onDefault(() -> "default")));
        Registrations.assertNoneLeft(ready, silent);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aWaitingPartnerMakesAClauseReady(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> receiver = Worker.startParked(threads, "receiver", ch::receive);
        assertEquals("sent", Select.select(Select.onDefault(() -> "default"), ch.onSend("x", () -> "sent")));
        assertEquals("x", receiver.value());
    }

    @Test
    void aSelectWithADefaultNeverWaitsNorThrowsInterruptedException() throws InterruptedException {
        Channel<String> silent = Channel.rendezvous();
        Thread.currentThread().interrupt();
        try {
            assertEquals("default", Select.select(silent.onReceive(v -> v), Select.onDefault(() -> "default")));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is left for the caller");
        } finally {
            Thread.interrupted();
        }
        Registrations.assertNoneLeft(silent);
    }

    @Test
    void theDefaultWinsOverPositiveTimeoutsAndTheFirstOfSeveralDefaultsCounts() throws InterruptedException {
        Channel<String> silent = Channel.rendezvous();
        assertEquals("default", Select.select(Select.onTimeout(Duration.ofNanos(1), () -> "timeout"),
                silent.onReceive(v -> v), Select.onDefault(() -> "default")));
        assertEquals("first", Select.select(Select.onDefault(() -> "first"), Select.onDefault(() -> "second")));
        assertFalse(silent.trySend("x").isSuccess(), "no receive registration was left");
    }
}
