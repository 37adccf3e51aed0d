package dev.loomchan.select.reliability;

import dev.loomchan.reliability.Leaks;
import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.SelectClause;
import dev.loomchan.UndeliveredElementException;
import dev.loomchan.select.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input and misuse of {@link Select}: rows of the table in docs/reliability.md. Each test also checks that no
 * element was lost or duplicated and that a failed select left no registration behind.
 */
class SelectMisuseTest {

    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void malformedSelectsAreRejected() throws InterruptedException {
        Channel<String> a = Channel.buffered(1);
        a.send("kept");
        SelectClause<String> ok = a.onReceive(e -> e);
        // no clauses
        assertThrows(IllegalArgumentException.class, () -> Select.select());
        assertThrows(IllegalArgumentException.class, () -> Select.select(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Select.selectUnbiased());
        assertThrows(IllegalArgumentException.class, () -> Select.whileSelect());
        assertThrows(IllegalArgumentException.class, () -> Select.selectAll());
        // null array, list, clause
        assertThrows(NullPointerException.class, () -> Select.select((SelectClause<String>[]) null));
        assertThrows(NullPointerException.class, () -> Select.select((List<SelectClause<String>>) null));
        assertThrows(NullPointerException.class, () -> Select.select(ok, null));
        assertThrows(NullPointerException.class, () -> Select.select(Arrays.asList(ok, null)));
        assertThrows(NullPointerException.class, () -> Select.selectN(1, ok, null));
        assertThrows(NullPointerException.class, () -> Select.onTimeout(null, () -> "t"));
        assertThrows(NullPointerException.class, () -> Select.onTimeout(Duration.ZERO, null));
        assertThrows(NullPointerException.class, () -> Select.onDefault(null));
        // a clause not made by loomchan
        SelectClause<String> foreign = new SelectClause<>() {
        };
        assertThrows(IllegalArgumentException.class, () -> Select.select(ok, foreign));
        // selectN out of range; selectAll without a channel clause
        SelectClause<String> t = Select.onTimeout(Duration.ZERO, () -> "t");
        for (int n : new int[]{0, -1, 2, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> Select.selectN(n, ok, t), "n = " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> Select.selectN(1, t));
        assertThrows(IllegalArgumentException.class, () -> Select.selectAll(t, Select.onDefault(() -> "d")));
        // send and receive on the same channel in one select
        assertThrows(IllegalArgumentException.class, () -> Select.select(ok, a.onSend("x", () -> "s")));
        assertThrows(IllegalArgumentException.class, () -> Select.selectUnbiased(a.onSend("x", () -> "s"), ok));
        assertThrows(IllegalArgumentException.class, () -> Select.selectN(1, a.onSend("x", () -> "s"), ok));
        // nothing was consumed by the rejected selects
        assertEquals("kept", Select.select(ok));
        assertTrue(a.tryReceive().isFailure());
    }

    /** Two receive clauses on the same channel are allowed; exactly one takes the element. */
    @Test
    void twoReceiveClausesOnOneChannel() throws InterruptedException {
        Channel<String> a = Channel.buffered(2);
        a.send("x");
        assertEquals("1:x", Select.select(a.onReceive(e -> "1:" + e), a.onReceive(e -> "2:" + e)));
        assertTrue(a.tryReceive().isFailure());
    }

    @ParameterizedTest(name = "with cause {0}")
    @ValueSource(booleans = {false, true})
    void everyClauseOnAClosedChannel(boolean withCause) throws InterruptedException {
        ConcurrentLinkedQueue<Object> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> ch = Channel.<String>builder().capacity(4).onUndeliveredElement(undelivered::add).build();
        Boom cause = withCause ? new Boom("cause") : null;
        ch.send("buffered");
        ch.close(cause);
        // buffered elements are still selected
        assertEquals("buffered", Select.select(ch.onReceive(e -> e)));
        // then: onReceive throws, onReceiveCatching reports, onSend throws and hands its element over
        ClosedReceiveChannelException r = assertThrows(ClosedReceiveChannelException.class,
                () -> Select.select(ch.onReceive(e -> e)));
        assertSame(cause, r.getCause());
        ChannelResult<String> closed = Select.select(ch.onReceiveCatching(res -> res));
        assertTrue(closed.isClosed());
        assertSame(cause, closed.exceptionOrNull());
        ClosedSendChannelException s = assertThrows(ClosedSendChannelException.class,
                () -> Select.select(ch.onSend("s", () -> "sent")));
        assertSame(cause, s.getCause());
        assertEquals(List.of("s"), new ArrayList<>(undelivered));
        // a closed channel wins over a default or zero time-out listed after it
        assertThrows(ClosedReceiveChannelException.class,
                () -> Select.select(ch.onReceive(e -> e), Select.onDefault(() -> "default")));
        // ...but a clause listed before it that is ready wins
        assertEquals("default", Select.select(Select.onTimeout(Duration.ZERO, () -> "default"), ch.onReceive(e -> e)));
    }

    @Test
    void everyClauseOnACancelledChannel() {
        ConcurrentLinkedQueue<Object> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> ch = Channel.<String>builder().capacity(4).onUndeliveredElement(undelivered::add).build();
        ch.trySend("b");
        ch.cancel(new Boom("why"));
        assertThrows(CancellationException.class, () -> Select.select(ch.onReceive(e -> e)));
        assertThrows(CancellationException.class, () -> Select.select(ch.onSend("s", () -> "sent")));
        ChannelResult<String> r = assertDoesNotThrow(() -> Select.select(ch.onReceiveCatching(res -> res)));
        assertTrue(r.isClosed());
        assertInstanceOf(CancellationException.class, r.exceptionOrNull());
        assertEquals(List.of("b", "s"), new ArrayList<>(undelivered));
    }

    /** Cancel while a select waits: it throws CancellationException; a waiting onSend element is handed over once. */
    @ParameterizedTest(name = "virtual {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void cancelDuringBlockedSelect(boolean virtual) throws InterruptedException {
        ConcurrentLinkedQueue<Object> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> out = Channel.<String>builder().onUndeliveredElement(undelivered::add).build();
        Channel<String> in = Channel.rendezvous();
        AtomicReference<Object> sendSide = new AtomicReference<>();
        AtomicReference<Object> receiveSide = new AtomicReference<>();
        Thread sender = start(virtual, () -> capture(sendSide,
                () -> Select.select(out.onSend("x", () -> "sent"), Select.onTimeout(Duration.ofMinutes(5), () -> "t"))));
        Thread receiver = start(virtual, () -> capture(receiveSide, () -> Select.select(in.onReceive(e -> e))));
        SelectLeakTest.awaitParked(List.of(sender, receiver));
        out.cancel();
        in.cancel();
        assertTrue(sender.join(Duration.ofSeconds(30)) && receiver.join(Duration.ofSeconds(30)));
        assertInstanceOf(CancellationException.class, sendSide.get());
        assertInstanceOf(CancellationException.class, receiveSide.get());
        assertEquals(List.of("x"), new ArrayList<>(undelivered), "the waiting onSend element handed over once");
        assertEquals(List.of(), Leaks.waitersHeldBy(out));
    }

    /** An interrupt set before the select: it throws only if the select would wait, and then consumes nothing. */
    @Test
    void preSetInterrupt() throws InterruptedException {
        Channel<String> ready = Channel.buffered(1);
        Channel<String> silent = Channel.rendezvous();
        ConcurrentLinkedQueue<Object> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> full = Channel.<String>builder().onUndeliveredElement(undelivered::add).build();
        ready.send("r");
        try {
            Thread.currentThread().interrupt();
            assertEquals("r", Select.select(silent.onReceive(e -> e), ready.onReceive(e -> e)));
            assertTrue(Thread.currentThread().isInterrupted(), "a select that need not wait leaves the flag set");
            assertEquals("d", Select.select(silent.onReceive(e -> e), Select.onDefault(() -> "d")));
            assertEquals("t", Select.select(silent.onReceive(e -> e), Select.onTimeout(Duration.ZERO, () -> "t")));
            assertTrue(Thread.currentThread().isInterrupted());
            assertThrows(InterruptedException.class, () -> Select.select(silent.onReceive(e -> e),
                    full.onSend("kept", () -> "sent"), Select.onTimeout(Duration.ofMinutes(5), () -> "t")));
            assertFalse(Thread.currentThread().isInterrupted(), "InterruptedException clears the flag");
        } finally {
            Thread.interrupted();
        }
        assertTrue(undelivered.isEmpty(), "an interrupted select keeps its onSend element");
        assertEquals(List.of(), Leaks.waitersHeldBy(silent));
        assertEquals(List.of(), Leaks.waitersHeldBy(full));
        assertTrue(silent.trySend("x").isFailure(), "no receive registration was left in the silent channel");
    }

    /**
     * Interrupt racing with a partner's send, many times: the select either returns the element (maybe with the flag
     * set) or throws InterruptedException, in which case the element is still in the channel for someone else.
     */
    @ParameterizedTest(name = "virtual {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void interruptRacingWithSelectionLosesNothing(boolean virtual) throws InterruptedException {
        Channel<Integer> ch = Channel.buffered(1);
        Channel<Integer> other = Channel.rendezvous();
        int selected = 0;
        int interrupted = 0;
        for (int round = 0; round < 300; round++) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread t = start(virtual, () -> {
                try {
                    outcome.set(Select.select(ch.onReceive(e -> e), other.onReceive(e -> -e)));
                } catch (InterruptedException e) {
                    outcome.set(e);
                }
            });
            SelectLeakTest.awaitParked(List.of(t));
            t.interrupt();
            ch.send(round);
            assertTrue(t.join(Duration.ofSeconds(30)));
            if (outcome.get() instanceof InterruptedException) {
                interrupted++;
                assertEquals(round, ch.tryReceive().getOrNull(), "the element is still there after the interrupt");
            } else {
                selected++;
                assertEquals(round, outcome.get());
                assertTrue(ch.tryReceive().isFailure(), "the element was taken once");
            }
        }
        assertEquals(300, selected + interrupted);
        assertTrue(SelectLeakTest.segments(ch) < 10 && SelectLeakTest.segments(other) < 10);
        assertEquals(List.of(), Leaks.waitersHeldBy(other));
    }

    /** onTimeout with zero, negative and huge durations. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void zeroNegativeAndHugeTimeouts() throws InterruptedException {
        Channel<String> silent = Channel.rendezvous();
        for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE))) {
            assertEquals("t", Select.select(silent.onReceive(e -> e), Select.onTimeout(d, () -> "t")), d.toString());
        }
        for (Duration d : List.of(Duration.ofNanos(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE),
                ChronoUnit.FOREVER.getDuration())) {
            AtomicReference<Object> got = new AtomicReference<>();
            Thread t = start(true, () -> capture(got, () -> Select.select(silent.onReceive(e -> e),
                    Select.onTimeout(d, () -> "t"))));
            SelectLeakTest.awaitParked(List.of(t));
            silent.send("x");
            assertTrue(t.join(Duration.ofSeconds(30)));
            assertEquals("x", got.get(), "a huge time-out waits for the partner: " + d);
        }
        // several time-outs: the earliest counts
        assertEquals("short", Select.select(silent.onReceive(e -> e),
                Select.onTimeout(ChronoUnit.FOREVER.getDuration(), () -> "forever"),
                Select.onTimeout(Duration.ofMillis(1), () -> "short")));
    }

    /** A throwing onUndeliveredElement on an onSend to a closed channel: UndeliveredElementException. */
    @Test
    void throwingUndeliveredHandlerOnSelectSend() throws InterruptedException {
        List<Object> handed = new ArrayList<>();
        Channel<String> ch = Channel.<String>builder().capacity(1).onUndeliveredElement(e -> {
            handed.add(e);
            throw new Boom("handler");
        }).build();
        ch.close();
        UndeliveredElementException e = assertThrows(UndeliveredElementException.class,
                () -> Select.select(ch.onSend("s", () -> "sent")));
        assertInstanceOf(Boom.class, e.getCause());
        assertInstanceOf(ClosedSendChannelException.class, e.getSuppressed()[0]);
        assertEquals(List.of("s"), handed);
        Channel<String> open = Channel.buffered(1);
        assertEquals("sent", Select.select(open.onSend("ok", () -> "sent")), "select still works");
    }

    /** A throwing block: the clause completed (the element was taken) and the exception reaches the caller. */
    @Test
    void throwingBlockPropagatesAfterTheChoice() throws InterruptedException {
        Channel<String> ch = Channel.buffered(2);
        ch.send("a");
        ch.send("b");
        assertThrows(Boom.class, () -> Select.select(ch.onReceive(e -> {
            throw new Boom(e);
        })));
        assertEquals("b", ch.tryReceive().getOrNull(), "exactly one element was consumed by the throwing select");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    private static void capture(AtomicReference<? super Object> into, Call call) {
        try {
            into.set(call.call());
        } catch (Throwable t) {
            into.set(t);
        }
    }

    private static <T> T assertDoesNotThrow(Call call) {
        try {
            @SuppressWarnings("unchecked")
            T t = (T) call.call();
            return t;
        } catch (Exception e) {
            throw new AssertionError("threw " + e, e);
        }
    }

    private static Thread start(boolean virtual, Runnable r) {
        return virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().daemon(true).start(r);
    }
}
