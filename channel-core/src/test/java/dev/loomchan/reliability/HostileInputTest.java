package dev.loomchan.reliability;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.UndeliveredElementException;
import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input and misuse of the channel API: each test is a row of the table in docs/reliability.md. Every test also
 * checks that nothing was lost: elements in = elements out + elements handed to onUndeliveredElement (+ elements
 * still the caller's, where the contract says so).
 */
class HostileInputTest {

    /** A recording onUndeliveredElement handler. */
    static final class Undelivered implements java.util.function.Consumer<Object> {
        final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();

        @Override
        public void accept(Object o) {
            items.add(o);
        }

        int size() {
            return items.size();
        }
    }

    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    // ------------------------------------------------------------------------------------------------- nulls

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void nullElementsAreRejectedAndChangeNothing(ChannelKind kind) throws InterruptedException {
        Undelivered u = new Undelivered();
        Channel<Object> ch = kind.create(u);
        assertThrows(NullPointerException.class, () -> ch.send(null));
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertThrows(NullPointerException.class, () -> ch.send(null, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> ch.send(null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> ch.onSend(null, () -> "x"));
        assertThrows(NullPointerException.class, () -> ch.send("x", null));
        assertThrows(NullPointerException.class, () -> ch.receive(null));
        assertThrows(NullPointerException.class, () -> ch.onSend("x", null));
        assertThrows(NullPointerException.class, () -> ch.onReceive(null));
        assertThrows(NullPointerException.class, () -> ch.onReceiveCatching(null));
        assertThrows(NullPointerException.class, () -> ch.invokeOnClose(null));
        assertTrue(ch.isEmpty(), "a rejected null left something behind: " + ch);
        assertEquals(0, u.size());
        if (kind.bufferSize() > 0) {
            assertTrue(ch.trySend("after").isSuccess(), "the channel still works");
            assertEquals("after", ch.tryReceive().getOrNull());
        }
        ch.close();
        // still NPE, not a closed exception, and nothing reaches the handler
        assertThrows(NullPointerException.class, () -> ch.send(null));
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertThrows(NullPointerException.class, () -> ch.send(null, Duration.ZERO));
        assertEquals(0, u.size());
    }

    // ------------------------------------------------------------------------------------- capacity / policy

    @Test
    void everyInvalidCapacityAndPolicyPairIsRejected() {
        int[] bad = {-3, -4, -100, Integer.MIN_VALUE};
        for (BufferOverflow policy : BufferOverflow.values()) {
            for (int capacity : bad) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Channel.create(capacity, policy), capacity + "/" + policy);
                assertTrue(e.getMessage().contains(Integer.toString(capacity)), e.getMessage());
                assertThrows(IllegalArgumentException.class,
                        () -> Channel.builder().capacity(capacity).onBufferOverflow(policy).build());
            }
        }
        for (BufferOverflow policy : new BufferOverflow[]{BufferOverflow.DROP_OLDEST, BufferOverflow.DROP_LATEST}) {
            assertThrows(IllegalArgumentException.class, () -> Channel.create(Channel.CONFLATED, policy));
            assertThrows(IllegalArgumentException.class,
                    () -> Channel.builder().capacity(Channel.CONFLATED).onBufferOverflow(policy).build());
        }
        for (int capacity : new int[]{-1, -2, -3, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> Channel.buffered(capacity));
        }
        // a null policy is a NullPointerException, whatever the capacity
        for (int capacity : new int[]{0, 1, Channel.CONFLATED, Channel.BUFFERED, Channel.UNLIMITED, -3}) {
            assertThrows(NullPointerException.class, () -> Channel.create(capacity, null));
        }
        assertThrows(NullPointerException.class, () -> Channel.builder().onBufferOverflow(null));
    }

    // -------------------------------------------------------------------------------------------- close twice

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void closeTwiceKeepsTheFirstCause(ChannelKind kind) {
        Channel<Object> ch = kind.create();
        Boom first = new Boom("first");
        assertTrue(ch.close(first));
        assertFalse(ch.close(new Boom("second")));
        assertFalse(ch.close());
        ChannelResult<Object> r = ch.tryReceive();
        assertTrue(r.isClosed());
        assertSame(first, r.exceptionOrNull(), "the first close's cause wins");

        Channel<Object> plain = kind.create();
        assertTrue(plain.close());
        assertFalse(plain.close(new Boom("late cause")));
        assertNull(plain.tryReceive().exceptionOrNull(), "a cause given to a second close is ignored");
    }

    // ------------------------------------------------------------------------- every operation after close

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void everyOperationAfterPlainClose(ChannelKind kind) throws InterruptedException {
        everyOperationAfterClose(kind, null);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void everyOperationAfterCloseWithCause(ChannelKind kind) throws InterruptedException {
        everyOperationAfterClose(kind, new Boom("cause"));
    }

    private void everyOperationAfterClose(ChannelKind kind, Throwable cause) throws InterruptedException {
        Undelivered u = new Undelivered();
        Channel<Object> ch = kind.create(u);
        int buffered = Math.min(2, kind.bufferSize() == 0 ? 0 : Math.min(2, kind.bufferSize()));
        List<Object> in = new ArrayList<>();
        for (int i = 0; i < buffered; i++) {
            Object e = "b" + i;
            assertTrue(ch.trySend(e).isSuccess());
            in.add(e);
        }
        assertTrue(ch.close(cause));
        assertTrue(ch.isClosedForSend());
        assertEquals(buffered == 0, ch.isClosedForReceive(), "closed for receive only once drained");

        // sends: all fail; send and timed send hand their element over, trySend leaves it to the caller
        ClosedSendChannelException s1 = assertThrows(ClosedSendChannelException.class, () -> ch.send("s1"));
        assertSame(cause, s1.getCause());
        assertSame(cause, assertThrows(ClosedSendChannelException.class,
                () -> ch.send("s2", Duration.ofSeconds(5))).getCause());
        assertSame(cause, assertThrows(ClosedSendChannelException.class,
                () -> ch.send("s3", Duration.ZERO)).getCause());
        assertSame(cause, assertThrows(ClosedSendChannelException.class,
                () -> ch.send("s4", Duration.ofSeconds(-1))).getCause());
        ChannelResult<Void> ts = ch.trySend("s5");
        assertTrue(ts.isClosed() && ts.isFailure());
        assertSame(cause, ts.exceptionOrNull());
        assertEquals(List.of("s1", "s2", "s3", "s4"), new ArrayList<>(u.items),
                "send and timed send hand the element to onUndeliveredElement; trySend does not");

        // the buffered elements are still received, in order, by every kind of receive
        List<Object> out = new ArrayList<>();
        if (buffered > 0) {
            assertFalse(ch.isEmpty());
            out.add(ch.receive());
        }
        if (buffered > 1) {
            ChannelIterator<Object> it = ch.iterator();
            assertTrue(it.hasNext());
            out.add(it.next());
        }
        assertEquals(in, out);

        // drained: every receive reports the close
        assertTrue(ch.isClosedForReceive());
        assertFalse(ch.isEmpty(), "isEmpty is false once closed for receive");
        assertSame(cause, assertThrows(ClosedReceiveChannelException.class, ch::receive).getCause());
        assertSame(cause, assertThrows(ClosedReceiveChannelException.class,
                () -> ch.receive(Duration.ofSeconds(5))).getCause());
        assertSame(cause, assertThrows(ClosedReceiveChannelException.class,
                () -> ch.receive(Duration.ZERO)).getCause());
        ChannelResult<Object> tr = ch.tryReceive();
        assertTrue(tr.isClosed());
        assertSame(cause, tr.exceptionOrNull());
        ChannelResult<Object> rc = ch.receiveCatching();
        assertTrue(rc.isClosed());
        assertSame(cause, rc.exceptionOrNull());
        ClosedReceiveChannelException fromResult = assertThrows(ClosedReceiveChannelException.class, rc::getOrThrow);
        assertSame(cause, fromResult.getCause());
        ChannelIterator<Object> it = ch.iterator();
        if (cause == null) {
            assertFalse(it.hasNext());
            assertFalse(it.hasNext(), "hasNext stays false");
        } else {
            assertSame(cause, assertThrows(ClosedReceiveChannelException.class, it::hasNext).getCause());
        }
        assertEquals(4, u.size(), "nothing else reached the handler");
        assertTrue(ch.isClosedForSend() && ch.isClosedForReceive());
    }

    // ------------------------------------------------------------------------------------------ cancel

    /** A cancel while timed calls wait: they throw CancellationException; a waiting sender's element is handed over. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void cancelDuringBlockedTimedCalls(ThreadKind threads) throws InterruptedException {
        Undelivered u = new Undelivered();
        Channel<Object> full = Channel.builder().capacity(1).onUndeliveredElement(u).build();
        assertTrue(full.trySend("buffered").isSuccess());
        Channel<Object> empty = Channel.rendezvous();
        AtomicReference<Throwable> sendOutcome = new AtomicReference<>();
        AtomicReference<Throwable> receiveOutcome = new AtomicReference<>();
        AtomicReference<Throwable> iteratorOutcome = new AtomicReference<>();
        Thread sender = threads.start("timed-sender", () -> capture(sendOutcome,
                () -> full.send("waiting", Duration.ofMinutes(5))));
        Thread receiver = threads.start("timed-receiver", () -> capture(receiveOutcome,
                () -> empty.receive(Duration.ofMinutes(5))));
        Thread iterating = threads.start("iterator", () -> capture(iteratorOutcome, () -> empty.iterator().hasNext()));
        Threads.awaitBlocked(sender);
        Threads.awaitBlocked(receiver);
        Threads.awaitBlocked(iterating);
        Boom cause = new Boom("stop");
        full.cancel(cause);
        empty.cancel();
        Threads.joinAll(List.of(sender, receiver, iterating));
        assertSame(cause, assertInstanceOf(CancellationException.class, sendOutcome.get()).getCause());
        assertInstanceOf(CancellationException.class, receiveOutcome.get());
        assertInstanceOf(CancellationException.class, iteratorOutcome.get());
        assertEquals(List.of("buffered", "waiting"), sorted(u.items), "buffered + waiting element handed over once");
    }

    // ------------------------------------------------------------------------------------- invokeOnClose

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void secondInvokeOnCloseFailsBeforeAndAfterClose(ChannelKind kind) {
        Channel<Object> ch = kind.create();
        AtomicInteger calls = new AtomicInteger();
        ch.invokeOnClose(c -> calls.incrementAndGet());
        assertThrows(IllegalStateException.class, () -> ch.invokeOnClose(c -> calls.addAndGet(100)));
        ch.close();
        assertEquals(1, calls.get());
        assertThrows(IllegalStateException.class, () -> ch.invokeOnClose(c -> calls.addAndGet(100)));
        assertEquals(1, calls.get(), "a refused handler never runs");

        // registered after the close: runs at once; a second one is refused
        Channel<Object> closed = kind.create();
        closed.close();
        closed.invokeOnClose(c -> calls.incrementAndGet());
        assertEquals(2, calls.get());
        assertThrows(IllegalStateException.class, () -> closed.invokeOnClose(c -> calls.addAndGet(100)));
        assertEquals(2, calls.get());
    }

    /** A throwing close handler registered on an already closed channel: invokeOnClose throws, once. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void throwingCloseHandlerOnClosedChannel(ChannelKind kind) throws InterruptedException {
        Channel<Object> ch = kind.create();
        ch.close();
        AtomicInteger calls = new AtomicInteger();
        assertThrows(Boom.class, () -> ch.invokeOnClose(c -> {
            calls.incrementAndGet();
            throw new Boom("handler");
        }));
        assertEquals(1, calls.get());
        assertThrows(IllegalStateException.class, () -> ch.invokeOnClose(c -> calls.incrementAndGet()));
        assertFalse(ch.close());
        ch.cancel();
        assertEquals(1, calls.get());
        assertTrue(ch.receiveCatching().isClosed());
    }

    /**
     * cancel() whose onUndeliveredElement throws and whose close handler throws too: both failures must reach the
     * caller of cancel (one thrown, the other suppressed in it), and every element is still handed over.
     */
    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = {"BUFFERED_16", "UNLIMITED", "CONFLATED", "DROP_OLDEST"})
    void cancelWithThrowingUndeliveredAndCloseHandlers(ChannelKind kind) {
        AtomicInteger handed = new AtomicInteger();
        Channel<Object> ch = kind.create(e -> {
            handed.incrementAndGet();
            throw new Boom("undelivered " + e);
        });
        assertTrue(ch.trySend("a").isSuccess());
        ch.invokeOnClose(c -> {
            throw new Boom("close handler");
        });
        Throwable thrown = assertThrows(Throwable.class, ch::cancel);
        assertEquals(1, handed.get());
        List<Throwable> all = new ArrayList<>();
        all.add(thrown);
        all.addAll(List.of(thrown.getSuppressed()));
        assertTrue(all.stream().anyMatch(t -> t instanceof UndeliveredElementException),
                "the onUndeliveredElement failure was lost: cancel threw " + thrown);
        assertTrue(all.stream().anyMatch(t -> t instanceof Boom && t.getMessage().equals("close handler")),
                "the close handler's failure was lost: cancel threw " + thrown);
    }

    // ------------------------------------------------------------------------------- throwing onUndelivered

    /**
     * Every path that hands an element to a throwing onUndeliveredElement: the exception reaches that call's caller
     * wrapped in UndeliveredElementException (cause: the handler's exception), the element was handed exactly once,
     * and the channel goes on working.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void throwingUndeliveredHandlerReachesTheTriggeringCaller() throws InterruptedException {
        ConcurrentLinkedQueue<Object> handed = new ConcurrentLinkedQueue<>();
        java.util.function.Consumer<Object> failing = e -> {
            handed.add(e);
            throw new Boom("handler " + e);
        };

        // send on a closed channel: ClosedSendChannelException suppressed
        Channel<Object> closed = Channel.builder().capacity(4).onUndeliveredElement(failing).build();
        closed.close();
        UndeliveredElementException e1 = assertThrows(UndeliveredElementException.class, () -> closed.send("c1"));
        assertInstanceOf(Boom.class, e1.getCause());
        assertInstanceOf(ClosedSendChannelException.class, e1.getSuppressed()[0]);
        assertThrows(UndeliveredElementException.class, () -> closed.send("c2", Duration.ZERO));
        assertThrows(UndeliveredElementException.class, () -> closed.send("c3", Duration.ofSeconds(1)));
        assertTrue(closed.trySend("c4").isClosed(), "trySend never calls the handler");

        // DROP_LATEST and DROP_OLDEST: the dropped element
        Channel<Object> latest = Channel.builder().capacity(1).onBufferOverflow(BufferOverflow.DROP_LATEST)
                .onUndeliveredElement(failing).build();
        latest.send("l1");
        assertThrows(UndeliveredElementException.class, () -> latest.send("l2"));
        assertThrows(UndeliveredElementException.class, () -> latest.trySend("l3"));
        assertEquals("l1", latest.tryReceive().getOrNull());
        assertTrue(latest.tryReceive().isFailure() && !latest.tryReceive().isClosed());

        Channel<Object> oldest = Channel.builder().capacity(1).onBufferOverflow(BufferOverflow.DROP_OLDEST)
                .onUndeliveredElement(failing).build();
        oldest.send("o1");
        assertThrows(UndeliveredElementException.class, () -> oldest.send("o2"));
        assertEquals("o2", oldest.tryReceive().getOrNull(), "the new element is in, although the handler threw");
        assertTrue(oldest.trySend("o3").isSuccess());
        assertEquals("o3", oldest.tryReceive().getOrNull());

        // interrupted send: InterruptedException suppressed, interrupt flag kept
        Channel<Object> rendezvous = Channel.builder().onUndeliveredElement(failing).build();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread sender = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                rendezvous.send("i1");
            } catch (Throwable t) {
                outcome.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        Threads.awaitBlocked(sender);
        sender.interrupt();
        Threads.join(sender);
        UndeliveredElementException e2 = assertInstanceOf(UndeliveredElementException.class, outcome.get());
        assertInstanceOf(InterruptedException.class, e2.getSuppressed()[0]);
        assertTrue(flag.get(), "the interrupt is not reported by an InterruptedException, so the flag stays set");
        assertTrue(rendezvous.trySend("x").isFailure());

        // cancel over several buffered elements: first failure thrown, later ones suppressed, all handed over
        Channel<Object> buffered = Channel.builder().capacity(8).onUndeliveredElement(failing).build();
        for (int i = 0; i < 3; i++) {
            buffered.send("k" + i);
        }
        UndeliveredElementException e3 = assertThrows(UndeliveredElementException.class, buffered::cancel);
        assertEquals(2, e3.getSuppressed().length);
        buffered.cancel(); // idempotent: nothing more to hand over, no exception
        assertTrue(buffered.tryReceive().isClosed());

        assertEquals(List.of("c1", "c2", "c3", "i1", "k0", "k1", "k2", "l2", "l3", "o1"), sorted(handed));
    }

    // ------------------------------------------------------------------------------------------ iterator

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, mode = EnumSource.Mode.EXCLUDE, names = "RENDEZVOUS")
    void iteratorMisuseAndUseAfterClose(ChannelKind kind) throws InterruptedException {
        Channel<Object> ch = kind.create();
        ChannelIterator<Object> it = ch.iterator();
        assertThrows(IllegalStateException.class, it::next, "next() before hasNext()");
        assertTrue(ch.trySend("last").isSuccess());
        assertTrue(it.hasNext());
        assertTrue(it.hasNext(), "hasNext twice takes one element");
        ch.cancel();
        assertEquals("last", it.next(), "an element hasNext took is the iterator's, even after cancel");
        assertThrows(IllegalStateException.class, it::next);
        assertThrows(CancellationException.class, it::hasNext);

        Channel<Object> closed = kind.create();
        ChannelIterator<Object> it2 = closed.iterator();
        closed.close();
        assertFalse(it2.hasNext());
        NoSuchElementException nse = assertThrows(NoSuchElementException.class, it2::next);
        assertInstanceOf(ClosedReceiveChannelException.class, nse);
        assertFalse(it2.hasNext(), "hasNext after the end stays false");
        assertThrows(NoSuchElementException.class, it2::next);
    }

    // ------------------------------------------------------------------------------------------ interrupt flag

    /** Flag set before calls that need not wait: they complete and leave the flag set. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void preSetInterruptIsIgnoredByCallsThatDoNotWait(ChannelKind kind) throws InterruptedException {
        Channel<Object> ch = kind.create();
        Thread.currentThread().interrupt();
        try {
            assertTrue(ch.tryReceive().isFailure());
            assertNull(ch.receive(Duration.ZERO));
            assertNull(ch.receive(Duration.ofNanos(-5)));
            if (kind.bufferSize() > 0) {
                ch.send("a");
                assertEquals("a", ch.receive());
                assertTrue(ch.send("b", Duration.ofSeconds(5)));
                assertEquals("b", ch.receiveCatching().getOrThrow());
                assertTrue(ch.trySend("c").isSuccess());
                assertTrue(ch.iterator().hasNext());
            } else {
                assertFalse(ch.send("a", Duration.ZERO), "zero time-out on a rendezvous channel: no waiting");
                assertTrue(ch.trySend("b").isFailure());
            }
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left set");
        } finally {
            Thread.interrupted();
        }
    }

    /** Flag set before calls that would wait: InterruptedException at once, nothing taken or left behind. */
    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = {"RENDEZVOUS", "BUFFERED_1", "BUFFERED_16"})
    void preSetInterruptFailsCallsThatWouldWait(ChannelKind kind) throws InterruptedException {
        Undelivered u = new Undelivered();
        Channel<Object> ch = kind.create(u);
        for (Threads.Body call : List.<Threads.Body>of(ch::receive, ch::receiveCatching,
                () -> ch.receive(Duration.ofMinutes(5)), () -> ch.iterator().hasNext())) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, call::run);
            assertFalse(Thread.interrupted(), "InterruptedException clears the flag");
        }
        for (int i = 0; i < kind.bufferSize(); i++) {
            ch.send("b" + i);
        }
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ch.send("x"));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ch.send("y", Duration.ofMinutes(5)));
        assertEquals(List.of("x", "y"), new ArrayList<>(u.items), "an interrupted send hands its element over");
        for (int i = 0; i < kind.bufferSize(); i++) {
            assertEquals("b" + i, ch.tryReceive().getOrNull());
        }
        assertTrue(ch.tryReceive().isFailure());
        assertTrue(Leaks.segments(ch) < CancelledWaiterLeakTest.MAX_SEGMENTS);
    }

    /**
     * Interrupt racing with a hand-off, many times: a receiver either gets the element (flag possibly set) or throws
     * InterruptedException having taken nothing; a sender either delivered (flag possibly set) or threw and handed its
     * element over. Across all rounds: sent = received + undelivered.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void interruptRacingWithHandOffLosesNothing(ThreadKind threads) throws InterruptedException {
        Undelivered u = new Undelivered();
        Channel<Integer> ch = Channel.<Integer>builder().onUndeliveredElement(e -> u.accept(e)).build();
        int rounds = 400;
        int received = 0;
        int interruptedSenders = 0;
        int interruptedReceivers = 0;
        for (int round = 0; round < rounds; round++) {
            int value = round;
            AtomicReference<Object> outcome = new AtomicReference<>();
            boolean senderWaits = round % 2 == 0;
            Thread t = threads.start("racer", () -> {
                try {
                    if (senderWaits) {
                        ch.send(value);
                        outcome.set("sent");
                    } else {
                        outcome.set(ch.receive());
                    }
                } catch (InterruptedException e) {
                    outcome.set(e);
                }
            });
            Threads.awaitBlocked(t);
            if (senderWaits) {
                t.interrupt();
                Integer got = ch.receive(Duration.ofMillis(1));
                Threads.join(t);
                if (outcome.get() instanceof InterruptedException) {
                    interruptedSenders++;
                    assertNull(got, "an interrupted sender's element was also received");
                } else {
                    assertEquals(value, got);
                    received++;
                }
            } else {
                t.interrupt();
                boolean sent = ch.send(value, Duration.ofMillis(1));
                Threads.join(t);
                if (outcome.get() instanceof InterruptedException) {
                    interruptedReceivers++;
                    assertFalse(sent, "a receiver that threw InterruptedException took the element");
                } else {
                    assertTrue(sent);
                    assertEquals(value, outcome.get());
                    received++;
                }
            }
        }
        assertEquals(interruptedSenders, u.size(), "each interrupted sender handed its element over once");
        assertEquals(rounds, received + interruptedSenders + interruptedReceivers);
        assertTrue(Leaks.segments(ch) < CancelledWaiterLeakTest.MAX_SEGMENTS);
    }

    // ------------------------------------------------------------------------------------------ time-outs

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void zeroAndNegativeTimeoutsNeverWait(ChannelKind kind) throws InterruptedException {
        Channel<Object> ch = kind.create();
        for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-10),
                Duration.ofSeconds(Long.MIN_VALUE))) {
            assertNull(ch.receive(d), "empty channel, " + d);
        }
        if (kind.sendMayBlock()) {
            for (int i = 0; i < kind.bufferSize(); i++) {
                assertTrue(ch.send("b" + i, Duration.ZERO));
            }
            for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE))) {
                assertFalse(ch.send("x", d), "full channel, " + d);
            }
        } else {
            assertTrue(ch.send("x", Duration.ofSeconds(Long.MIN_VALUE)), "a channel that never waits accepts");
        }
    }

    /** Huge time-outs, including ones whose deadline overflows a long of nanoseconds, wait for the partner. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void hugeTimeoutsWaitForThePartner(ThreadKind threads) throws InterruptedException {
        for (Duration d : List.of(Duration.ofNanos(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE),
                ChronoUnit.FOREVER.getDuration(), Duration.ofDays(365L * 1000))) {
            Channel<Object> ch = Channel.rendezvous();
            AtomicReference<Object> got = new AtomicReference<>();
            Thread receiver = Threads.start(threads, "receiver", () -> got.set(ch.receive(d)));
            Threads.awaitBlocked(receiver);
            assertTrue(ch.send("x", d));
            Threads.join(receiver);
            assertEquals("x", got.get(), d.toString());

            AtomicReference<Boolean> sent = new AtomicReference<>();
            Thread sender = Threads.start(threads, "sender", () -> sent.set(ch.send("y", d)));
            Threads.awaitBlocked(sender);
            assertEquals("y", ch.receive(d));
            Threads.join(sender);
            assertTrue(sent.get(), d.toString());
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    private static void capture(AtomicReference<Throwable> into, Call call) {
        try {
            Object r = call.call();
            into.set(new AssertionError("returned " + r));
        } catch (Throwable t) {
            into.set(t);
        }
    }

    private static List<Object> sorted(java.util.Collection<Object> c) {
        List<Object> l = new ArrayList<>(c);
        l.sort(java.util.Comparator.comparing(Object::toString));
        return l;
    }
}
