package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadDump;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chosen clause's block runs after the choice, on the calling thread, outside any engine state: every other
 * registration is already withdrawn, and the block may use the same channels, even through another select, or wait
 * while other threads use them.
 */
@Timeout(60)
class SelectBlockTest {

    /**
     * The losers are withdrawn before the block runs. (The winner's own cell is finished by the partner that chose it,
     * which may still be on its way out of that cell when the block starts: it is checked once the partner returned.)
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void theBlockRunsOnTheCallingThreadOnceTheLosersAreWithdrawn(ThreadKind threads) throws Exception {
        Channel<String> silent = Channel.rendezvous();
        Channel<String> full = Channel.buffered(1);
        Channel<String> ch = Channel.rendezvous();
        full.send("full");
        AtomicReference<Thread> blockThread = new AtomicReference<>();
        AtomicInteger registrationsSeenByBlock = new AtomicInteger(-1);
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(
                silent.onReceive(v -> "silent"),
                full.onSend("x", () -> "sent"),
                ch.onReceive(v -> {
                    blockThread.set(Thread.currentThread());
                    registrationsSeenByBlock.set(Registrations.in(silent) + Registrations.in(full));
                    return v;
                })));
        assertEquals(3, Registrations.in(silent) + Registrations.in(full) + Registrations.in(ch));
        ch.send("chosen");
        assertEquals("chosen", selector.value());
        assertSame(selector.thread(), blockThread.get());
        assertEquals(0, registrationsSeenByBlock.get(), "losing registrations still published while the block ran");
        Registrations.assertNoneLeft(silent, full, ch);
    }

    @Test
    void theBlockMayUseTheSameChannelThroughPlainCallsAndAnotherSelect() throws InterruptedException {
        Channel<String> ch = Channel.buffered(2);
        ch.send("a");
        String r = Select.select(ch.onReceive(v -> {
            assertTrue(ch.trySend(v + "!").isSuccess());
            return nested(() -> Select.select(ch.onReceive(w -> w)));
        }));
        assertEquals("a!", r);
        assertEquals("sent again", Select.select(ch.onSend("b", () -> {
            ch.trySend("c");
            return "sent again";
        })));
        assertEquals("b", ch.tryReceive().getOrNull());
        assertEquals("c", ch.tryReceive().getOrNull());
    }

    /** On a rendezvous channel the nested select must meet a partner: the outer select holds nothing that prevents it. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aNestedSelectOnTheSameRendezvousChannelMeetsItsPartner(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(
                ch.onReceive(v -> v + nested(() -> Select.select(ch.onReceive(w -> w))))));
        ch.send("x");
        ch.send("y");
        assertEquals("xy", selector.value());
        Registrations.assertNoneLeft(ch);
    }

    /**
     * While a block waits, other threads send, receive and close on the select's channels as if it were not there
     * (Kotlin's testSelectWaitDispatch and testSelectAtomicFailure).
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aBlockThatWaitsHoldsNoChannelState(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Channel<String> other = Channel.rendezvous();
        CountDownLatch inBlock = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(
                other.onReceive(v -> "other"),
                ch.onReceive(v -> {
                    inBlock.countDown();
                    ThreadDump.await(release);
                    return v;
                })));
        ch.send("first");
        ThreadDump.await(inBlock);
        Worker<String> receiver = Worker.startParked(threads, "receiver", ch::receive);
        ch.send("second");
        assertEquals("second", receiver.value());
        Worker<String> otherReceiver = Worker.startParked(threads, "other receiver",
                () -> Select.select(other.onReceive(v -> v)));
        other.send("for the other select");
        assertEquals("for the other select", otherReceiver.value());
        ch.close();
        other.close();
        release.countDown();
        assertEquals("first", selector.value());
        Registrations.assertNoneLeft(ch, other);
    }

    /** A block that throws: its clause completed (the element is gone), the exception reaches the caller. */
    @Test
    void aThrowingBlockCompletesItsClauseAndLeavesNoRegistration() throws InterruptedException {
        Channel<String> silent = Channel.rendezvous();
        Channel<String> ch = Channel.buffered(2);
        ch.send("a");
        ch.send("b");
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Select.select(
                silent.onReceive(v -> v),
                ch.onReceive(v -> {
                    throw boom;
                }))));
        assertEquals("b", ch.tryReceive().getOrNull(), "exactly one element was taken");
        Registrations.assertNoneLeft(silent, ch);
        ch.close();
        assertThrows(ClosedReceiveChannelException.class, () -> Select.select(ch.onReceive(v -> v)));
        assertTrue(silent.trySend("x").isFailure());
    }

    /** A select inside a block: the blocks' functions cannot throw checked exceptions, so this rethrows unchecked. */
    @FunctionalInterface
    private interface InterruptibleCall<T> {
        T call() throws InterruptedException;
    }

    private static <T> T nested(InterruptibleCall<T> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted inside a block", e);
        }
    }
}
