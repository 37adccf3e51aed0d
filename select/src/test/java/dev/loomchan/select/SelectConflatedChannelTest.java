package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.UndeliveredElementException;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Select over a conflated channel: a send clause never waits and never registers (it completes at once, replacing the
 * element not yet received, which goes to onUndeliveredElement); a receive clause takes the latest element or waits.
 */
@Timeout(60)
class SelectConflatedChannelTest {

    @Test
    void onSendCompletesAtOnceAndKeepsOnlyTheLatestElement() throws InterruptedException {
        ConcurrentLinkedQueue<Integer> dropped = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = conflated(dropped);
        for (int i = 1; i <= 3; i++) {
            assertEquals("sent", Select.select(ch.onSend(i, () -> "sent"), Select.onDefault(() -> "default")));
        }
        assertEquals(List.of(1, 2), List.copyOf(dropped), "each replaced element went to onUndeliveredElement");
        assertEquals(3, Select.<Integer>select(ch.onReceive(v -> v)));
        assertEquals(-1, Select.<Integer>select(ch.onReceive(v -> v), Select.onDefault(() -> -1)));
        Registrations.assertNoneLeft(ch);
    }

    /** A send clause listed after a clause that must wait is still chosen: it is ready, and it is never registered. */
    @Test
    void onSendWinsOverAClauseThatMustWait() throws InterruptedException {
        Channel<Integer> ch = conflated(new ConcurrentLinkedQueue<>());
        Channel<Integer> silent = Channel.rendezvous();
        assertEquals("sent", Select.select(silent.onReceive(v -> "silent"), ch.onSend(7, () -> "sent")));
        Registrations.assertNoneLeft(silent, ch);
        assertEquals(7, ch.tryReceive().getOrNull());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onReceiveWaitsForTheNextElement(ThreadKind threads) throws Exception {
        Channel<Integer> ch = conflated(new ConcurrentLinkedQueue<>());
        Worker<Integer> selector = Worker.startParked(threads, "selector", () -> Select.select(ch.onReceive(v -> v)));
        assertEquals(1, Registrations.in(ch));
        assertEquals("sent", Select.select(ch.onSend(42, () -> "sent")));
        assertEquals(42, selector.value(), "the element went straight to the waiting select");
        assertTrue(ch.isEmpty());
    }

    @Test
    void onSendOfAClosedOrCancelledChannelHandsTheElementOver() {
        ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> closed = conflated(undelivered);
        closed.close();
        assertThrows(ClosedSendChannelException.class, () -> Select.select(closed.onSend(1, () -> "sent")));
        Channel<Integer> cancelled = conflated(undelivered);
        cancelled.cancel();
        assertThrows(CancellationException.class, () -> Select.select(cancelled.onSend(2, () -> "sent")));
        assertEquals(List.of(1, 2), List.copyOf(undelivered));
    }

    /**
     * The send clause replaces the element not yet received, and onUndeliveredElement throws for it: the select throws
     * UndeliveredElementException, the new element is in the channel, and the clause registered before the send
     * clause was withdrawn all the same.
     */
    @Test
    void aThrowingHandlerDuringOnSendLeavesNoRegistrationBehind() throws InterruptedException {
        IllegalStateException boom = new IllegalStateException("handler");
        Channel<Integer> ch = Channel.<Integer>builder().capacity(Channel.CONFLATED).onUndeliveredElement(e -> {
            throw boom;
        }).build();
        Channel<Integer> silent = Channel.rendezvous();
        assertTrue(ch.trySend(1).isSuccess());
        UndeliveredElementException e = assertThrows(UndeliveredElementException.class,
                () -> Select.select(silent.onReceive(v -> "silent"), ch.onSend(2, () -> "sent")));
        assertSame(boom, e.getCause());
        Registrations.assertNoneLeft(silent, ch);
        assertTrue(silent.trySend(0).isFailure(), "no receive registration is left to take an element");
        assertEquals(2, ch.tryReceive().getOrNull());
    }

    private static Channel<Integer> conflated(ConcurrentLinkedQueue<Integer> undelivered) {
        return Channel.<Integer>builder().capacity(Channel.CONFLATED).onUndeliveredElement(undelivered::add).build();
    }
}
