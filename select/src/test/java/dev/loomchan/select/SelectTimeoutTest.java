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
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Select#onTimeout}: Kotlin's SelectTimeoutTest (the earliest of several time-outs wins; zero and negative
 * time-outs are chosen at once, also by selectUnbiased) and the interplay with channel clauses: a time-out that elapses
 * withdraws every registration and consumes nothing, a partner that arrives first wins, and a zero time-out is chosen
 * in clause order.
 */
@Timeout(60)
class SelectTimeoutTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void theEarliestOfSeveralTimeoutsWins() throws InterruptedException {
        long start = System.nanoTime();
        String r = Select.select(
                Select.onTimeout(LONG, () -> "FAIL 30 s"),
                Select.onTimeout(Duration.ofMillis(50), () -> "OK"),
                Select.onTimeout(Duration.ofSeconds(5), () -> "FAIL 5 s"));
        assertEquals("OK", r);
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(50).toNanos(), "a time-out never fires early");
    }

    @Test
    void aZeroOrNegativeTimeoutIsChosenAtOnce() throws InterruptedException {
        for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(-10), Duration.ofDays(-1))) {
            long start = System.nanoTime();
            assertEquals("OK", Select.select(Select.onTimeout(LONG, () -> "FAIL"), Select.onTimeout(d, () -> "OK")), "" + d);
            assertTrue(System.nanoTime() - start < LONG.toNanos() / 2, "no wait for " + d);
        }
    }

    /** Kotlin's testUnbiasedNegativeTimeout: both immediate time-outs are chosen, the positive one never. */
    @Test
    void selectUnbiasedChoosesAmongImmediateTimeoutsAndNeverWaits() throws InterruptedException {
        int[] counts = new int[3];
        int rounds = 10_000;
        for (int i = 0; i < rounds; i++) {
            int chosen = Select.selectUnbiased(
                    Select.onTimeout(Duration.ofMillis(-1000), () -> 0),
                    Select.onTimeout(Duration.ZERO, () -> 1),
                    Select.onTimeout(LONG, () -> 2));
            counts[chosen]++;
        }
        assertEquals(0, counts[2], "the positive time-out is never chosen");
        assertTrue(counts[0] > rounds / 4 && counts[1] > rounds / 4, "both are chosen often: " + counts[0] + "/" + counts[1]);
    }

    /** A zero time-out is chosen where the first pass reaches it: after a ready clause listed before it, never after. */
    @Test
    void aZeroTimeoutIsChosenInClauseOrder() throws InterruptedException {
        Channel<String> ready = Channel.buffered(2);
        Channel<String> silent = Channel.rendezvous();
        ready.send("a");
        ready.send("b");
        assertEquals("t", Select.select(Select.onTimeout(Duration.ZERO, () -> "t"), ready.onReceive(v -> v)));
        assertEquals("a", Select.select(ready.onReceive(v -> v), Select.onTimeout(Duration.ZERO, () -> "t")));
        assertEquals("t", Select.select(silent.onReceive(v -> v), Select.onTimeout(Duration.ZERO, () -> "t"),
                ready.onReceive(v -> v)), "the clause after the zero time-out is never looked at");
        assertEquals("b", ready.tryReceive().getOrNull(), "only the clauses chosen took an element");
        Registrations.assertNoneLeft(ready, silent);
    }

    /** A time-out that elapses over silent channels takes nothing, sends nothing and leaves no registration. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void anElapsedTimeoutWithdrawsEveryClause(ThreadKind threads) throws Exception {
        ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> in = Channel.rendezvous();
        Channel<String> full = Channel.<String>builder().capacity(1).onUndeliveredElement(undelivered::add).build();
        full.send("buffered");
        Duration timeout = Duration.ofMillis(30);
        Worker<String> selector = Worker.start(threads, "selector", () -> {
            long start = System.nanoTime();
            String r = Select.select(in.onReceive(v -> v), full.onSend("kept", () -> "sent"),
                    Select.onTimeout(timeout, () -> "timeout"));
            assertTrue(System.nanoTime() - start >= timeout.toNanos(), "a time-out never fires early");
            return r;
        });
        assertEquals("timeout", selector.value());
        Registrations.assertNoneLeft(in, full);
        assertTrue(in.trySend("late").isFailure(), "no receive registration is left to take an element");
        assertEquals("buffered", full.tryReceive().getOrNull());
        assertTrue(full.tryReceive().isFailure(), "the send clause's element did not reach the channel");
        assertEquals(List.of(), List.copyOf(undelivered), "the element of the withdrawn send clause stays the caller's");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aPartnerArrivingBeforeTheTimeoutWins(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> selector = Worker.startParked(threads, "selector",
                () -> Select.select(ch.onReceive(v -> v), Select.onTimeout(LONG, () -> "timeout")));
        ch.send("partner");
        assertEquals("partner", selector.value());
        Registrations.assertNoneLeft(ch);
    }

    /** A select of time-outs only sleeps until the earliest, on either kind of thread. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aSelectOfTimeoutsOnlySleepsUntilTheEarliest(ThreadKind threads) throws Exception {
        Worker<String> sleeper = Worker.start(threads, "sleeper",
                () -> Select.select(Select.onTimeout(LONG, () -> "slept long"),
                        Select.onTimeout(Duration.ofMillis(20), () -> "woke")));
        assertEquals("woke", sleeper.value());
    }
}
