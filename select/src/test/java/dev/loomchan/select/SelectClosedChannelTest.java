package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.select.support.ChannelKind;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closed and cancelled channels, for each clause kind and each channel kind, as in Kotlin: {@code onReceive} throws
 * ClosedReceiveChannelException, {@code onReceiveCatching} gets the closed result, {@code onSend} hands its element to
 * onUndeliveredElement and throws ClosedSendChannelException, all carrying the close cause; after a cancel, every
 * clause but onReceiveCatching throws CancellationException. A select already waiting is woken by the close, except a
 * waiting send clause, which keeps its place and is still received, as a blocked send is.
 */
@Timeout(60)
class SelectClosedChannelTest {
    private static final RuntimeException CAUSE = new IllegalStateException("the cause");

    static Stream<Arguments> kindsAndThreads() {
        return Arrays.stream(ChannelKind.values())
                .flatMap(kind -> Arrays.stream(ThreadKind.values()).map(threads -> Arguments.of(kind, threads)));
    }

    static Stream<Arguments> blockingKindsAndThreads() {
        return kindsAndThreads().filter(a -> ((ChannelKind) a.get()[0]).sendMayBlock());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void everyClauseOfAClosedChannel(ChannelKind kind) throws InterruptedException {
        for (RuntimeException cause : Arrays.asList(null, CAUSE)) {
            ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
            Channel<String> ch = kind.create(undelivered::add);
            ch.close(cause);
            ClosedReceiveChannelException r = assertThrows(ClosedReceiveChannelException.class,
                    () -> Select.select(ch.onReceive(v -> v)));
            assertSame(cause, r.getCause());
            ChannelResult<String> closed = Select.select(ch.onReceiveCatching(res -> res));
            assertTrue(closed.isClosed());
            assertSame(cause, closed.exceptionOrNull());
            ClosedSendChannelException s = assertThrows(ClosedSendChannelException.class,
                    () -> Select.select(ch.onSend("element", () -> "sent")));
            assertSame(cause, s.getCause());
            assertEquals(List.of("element"), List.copyOf(undelivered), "handed to onUndeliveredElement exactly once");
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void everyClauseOfACancelledChannel(ChannelKind kind) throws InterruptedException {
        ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> ch = kind.create(undelivered::add);
        boolean buffered = ch.trySend("buffered").isSuccess();
        ch.cancel(CAUSE);
        assertSame(CAUSE, assertThrows(CancellationException.class,
                () -> Select.select(ch.onReceive(v -> v))).getCause());
        ChannelResult<String> closed = Select.select(ch.onReceiveCatching(res -> res));
        assertTrue(closed.isClosed());
        assertInstanceOf(CancellationException.class, closed.exceptionOrNull());
        assertSame(CAUSE, assertThrows(CancellationException.class,
                () -> Select.select(ch.onSend("element", () -> "sent"))).getCause());
        List<String> expected = buffered ? List.of("buffered", "element") : List.of("element");
        assertEquals(expected, List.copyOf(undelivered), "every element handed to onUndeliveredElement exactly once");
    }

    @ParameterizedTest
    @MethodSource("kindsAndThreads")
    void aWaitingReceiveClauseIsWokenByTheClose(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<String> ch = kind.create(e -> { });
        Channel<String> silent = Channel.rendezvous();
        ParkedReceives parked = ParkedReceives.on(threads, ch, silent);
        assertEquals(2, Registrations.in(ch));
        ch.close(CAUSE);
        assertSame(CAUSE, parked.throwing().thrown(ClosedReceiveChannelException.class).getCause());
        assertSame(CAUSE, parked.catching().value().exceptionOrNull());
        Registrations.assertNoneLeft(ch, silent);
    }

    @ParameterizedTest
    @MethodSource("kindsAndThreads")
    void aWaitingReceiveClauseIsWokenByTheCancel(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<String> ch = kind.create(e -> { });
        Channel<String> silent = Channel.rendezvous();
        ParkedReceives parked = ParkedReceives.on(threads, ch, silent);
        ch.cancel();
        parked.throwing().thrown(CancellationException.class);
        assertInstanceOf(CancellationException.class, parked.catching().value().exceptionOrNull());
        Registrations.assertNoneLeft(ch, silent);
    }

    /** Close leaves a waiting send clause in place: the select completes when a receiver takes its element. */
    @ParameterizedTest
    @MethodSource("blockingKindsAndThreads")
    void aWaitingSendClauseSurvivesTheCloseAndIsReceived(ChannelKind kind, ThreadKind threads) throws Exception {
        ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> ch = kind.create(undelivered::add);
        Channel<String> silent = Channel.rendezvous();
        List<String> expected = fill(ch);
        Worker<String> selector = parkSendClause(threads, ch, silent);
        ch.close();
        assertEquals(1, Registrations.in(ch), "the close left the send registration in its cell");
        expected.add("waiting");
        List<String> received = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            received.add(ch.receive());
        }
        assertEquals("sent", selector.value());
        assertEquals(expected, received);
        assertTrue(ch.isClosedForReceive());
        assertEquals(List.of(), List.copyOf(undelivered));
        Registrations.assertNoneLeft(ch, silent);
    }

    /** Cancel releases a waiting send clause with CancellationException; its element is handed over exactly once. */
    @ParameterizedTest
    @MethodSource("blockingKindsAndThreads")
    void aWaitingSendClauseIsReleasedByTheCancel(ChannelKind kind, ThreadKind threads) throws Exception {
        ConcurrentLinkedQueue<String> undelivered = new ConcurrentLinkedQueue<>();
        Channel<String> ch = kind.create(undelivered::add);
        Channel<String> silent = Channel.rendezvous();
        List<String> expected = fill(ch);
        Worker<String> selector = parkSendClause(threads, ch, silent);
        ch.cancel();
        selector.thrown(CancellationException.class);
        expected.add("waiting");
        assertEquals(sorted(expected), sorted(undelivered), "in any order: cancel drops the cells from the back");
        Registrations.assertNoneLeft(ch, silent);
    }

    /** A closed channel completes its clause at once; the select does not wait for the others, and leaves them clean. */
    @Test
    void aClosedChannelIsChosenAtOnceAmongSilentOnes() throws InterruptedException {
        Channel<String> silent = Channel.rendezvous();
        Channel<String> closed = Channel.rendezvous();
        Channel<String> ready = Channel.buffered(1);
        closed.close();
        assertThrows(ClosedReceiveChannelException.class,
                () -> Select.select(silent.onReceive(v -> v), closed.onReceive(v -> v), ready.onReceive(v -> v)));
        ready.send("r");
        assertEquals("r", Select.select(ready.onReceive(v -> v), closed.onReceive(v -> v)),
                "a ready clause listed before the closed one wins");
        Registrations.assertNoneLeft(silent, closed, ready);
    }

    /** Two selects parked on {@code ch} and a silent channel: one through onReceive, one through onReceiveCatching. */
    private record ParkedReceives(Worker<String> throwing, Worker<ChannelResult<String>> catching) {
        static ParkedReceives on(ThreadKind threads, Channel<String> ch, Channel<String> silent) {
            return new ParkedReceives(
                    Worker.startParked(threads, "onReceive",
                            () -> Select.select(silent.onReceive(v -> v), ch.onReceive(v -> v))),
                    Worker.startParked(threads, "onReceiveCatching",
                            () -> Select.select(silent.onReceive(ChannelResult::success), ch.onReceiveCatching(r -> r))));
        }
    }

    /** Parks a select of a send clause on the full {@code ch} and a receive clause on {@code silent}. */
    private static Worker<String> parkSendClause(ThreadKind threads, Channel<String> ch, Channel<String> silent) {
        return Worker.startParked(threads, "selector",
                () -> Select.select(silent.onReceive(v -> v), ch.onSend("waiting", () -> "sent")));
    }

    private static List<String> sorted(Collection<String> elements) {
        List<String> list = new ArrayList<>(elements);
        list.sort(null);
        return list;
    }

    /** Fills a channel whose sends may block until it has no room; returns what went in, in order. */
    private static List<String> fill(Channel<String> ch) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; ch.trySend("b" + i).isSuccess(); i++) {
            elements.add("b" + i);
        }
        return elements;
    }
}
