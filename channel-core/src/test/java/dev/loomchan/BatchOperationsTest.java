package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The batch operations {@link ReceiveChannel#drainTo}, {@link ReceiveChannel#receiveMany},
 * {@link SendChannel#trySendAll} and {@link SendChannel#sendAll}: what they take or send, in which order, what they do
 * to waiting threads, closed and cancelled channels, failing sinks and interrupts, and that nothing is lost or
 * duplicated on the way (every element ends exactly once in a sink, in {@code onUndeliveredElement}, or still in the
 * channel).
 */
@Timeout(20)
class BatchOperationsTest extends AbstractChannelTest {

    // =================================================================================================================
    // Helpers
    // =================================================================================================================

    /** {@code from, from + 1, ..., to - 1}. */
    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    /** Everything {@code tryReceive} gives now, in order. */
    private static List<Integer> tryReceiveAll(ReceiveChannel<Integer> c) {
        List<Integer> out = new ArrayList<>();
        for (ChannelResult<Integer> r = c.tryReceive(); r.isSuccess(); r = c.tryReceive()) {
            out.add(r.getOrThrow());
            if (out.size() > 100_000) {
                fail("the channel never ran dry");
            }
        }
        return out;
    }

    /** The statistics figures the batch operations move, on a quiescent channel. */
    private static void assertCounts(Channel<?> c, long sent, long received, long undelivered, long size) {
        ChannelStatistics s = c.statistics();
        String where = " in " + s;
        assertEquals(sent, s.sent(), "sent" + where);
        assertEquals(received, s.received(), "received" + where);
        assertEquals(undelivered, s.undelivered(), "undelivered" + where);
        assertEquals(size, s.size(), "size" + where);
        assertEquals(s.sent(), s.received() + s.undelivered() + s.size(),
                "sent == received + undelivered + size on a quiescent channel" + where);
    }

    /** A sink that accepts {@code accepted} elements and throws {@link #failure} for every later one. */
    private static final class FailingSink extends ArrayList<Integer> {
        private static final long serialVersionUID = 1L;
        final transient TestException failure = new TestException("sink is full");
        private final int accepted;

        FailingSink(int accepted) {
            this.accepted = accepted;
        }

        @Override
        public boolean add(Integer e) {
            if (size() >= accepted) {
                throw failure;
            }
            return super.add(e);
        }
    }

    /** Every kind that never drops: buffered sizes around the segment size, rendezvous and unlimited. */
    static Stream<Arguments> concurrentKindsAndThreads() {
        List<Arguments> list = new ArrayList<>();
        for (int capacity : new int[] {1, 16, Channel.RENDEZVOUS, Channel.UNLIMITED}) {
            for (ThreadKind t : ThreadKind.values()) {
                list.add(Arguments.of(capacity, t));
            }
        }
        return list.stream();
    }

    // =================================================================================================================
    // drainTo
    // =================================================================================================================

    @Test
    void drainToTakesInChannelOrderUpToMax() {
        Channel<Integer> c = Channel.buffered(10);
        assertEquals(10, c.trySendAll(range(0, 10)));
        List<Integer> first = new ArrayList<>();
        assertEquals(4, c.drainTo(first, 4));
        assertEquals(range(0, 4), first);
        List<Integer> second = new ArrayList<>(List.of(-1)); // drainTo appends, it does not clear
        assertEquals(6, c.drainTo(second, 100));
        assertEquals(List.of(-1, 4, 5, 6, 7, 8, 9), second);
        assertEquals(0, c.drainTo(second, 100));
        assertEquals(7, second.size());
        assertTrue(c.isEmpty());
        assertCounts(c, 10, 10, 0, 0);
        // the buffer still holds exactly its capacity afterwards
        assertEquals(10, fill(c, 100));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void drainToOnAnEmptyChannelReturnsZero(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        List<Integer> sink = new ArrayList<>();
        assertEquals(0, c.drainTo(sink, 10));
        assertEquals(0, c.drainTo(sink, Integer.MAX_VALUE));
        assertEquals(List.of(), sink);
        assertCounts(c, 0, 0, 0, 0);
        if (kind != ChannelKind.RENDEZVOUS) {
            assertTrue(c.trySend(5).isSuccess(), "an empty drain leaves the channel usable");
            assertEquals(List.of(5), tryReceiveAll(c));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void drainToWithMaxZeroOrNegativeTakesNothing(int max) {
        Channel<Integer> c = Channel.buffered(4);
        assertEquals(2, c.trySendAll(List.of(1, 2)));
        List<Integer> sink = new ArrayList<>();
        assertEquals(0, c.drainTo(sink, max));
        assertEquals(List.of(), sink);
        assertEquals(List.of(1, 2), tryReceiveAll(c));
    }

    @Test
    void drainToRejectsANullSinkAndTakesNothing() {
        Channel<Integer> c = Channel.buffered(4);
        assertEquals(2, c.trySendAll(List.of(1, 2)));
        assertThrows(NullPointerException.class, () -> c.drainTo(null, 5));
        assertThrows(NullPointerException.class, () -> c.drainTo(null, 0));
        assertThrows(NullPointerException.class, () -> c.receiveMany(null, 5));
        assertEquals(List.of(1, 2), tryReceiveAll(c));
    }

    /** Segments hold 32 cells: runs are cut at segment ends and the drain goes on in the next segment. */
    @Test
    void drainToCrossesSegmentBoundaries() {
        Channel<Integer> c = Channel.buffered(200);
        assertEquals(100, c.trySendAll(range(0, 100)));
        List<Integer> sink = new ArrayList<>();
        assertEquals(100, c.drainTo(sink, 1000));
        assertEquals(range(0, 100), sink);
        assertCounts(c, 100, 100, 0, 0);

        // starting in the middle of a segment, stopping in the middle of a later one
        assertEquals(200, c.trySendAll(range(100, 300)));
        assertEquals(100, c.tryReceive().getOrThrow());
        List<Integer> mid = new ArrayList<>();
        assertEquals(70, c.drainTo(mid, 70));
        assertEquals(range(101, 171), mid);
        List<Integer> rest = new ArrayList<>();
        assertEquals(129, c.drainTo(rest, Integer.MAX_VALUE));
        assertEquals(range(171, 300), rest);
        assertCounts(c, 300, 300, 0, 0);

        Channel<Integer> unlimited = Channel.unlimited();
        assertEquals(1000, unlimited.trySendAll(range(0, 1000)));
        List<Integer> all = new ArrayList<>();
        assertEquals(1000, unlimited.drainTo(all, 5000));
        assertEquals(range(0, 1000), all);
        assertCounts(unlimited, 1000, 1000, 0, 0);
    }

    /** drainTo takes what a loop of tryReceive would take, on every kind of channel. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void drainToTakesWhatTryReceiveWould(ChannelKind kind) {
        Undelivered<Integer> droppedA = new Undelivered<>();
        Undelivered<Integer> droppedB = new Undelivered<>();
        Channel<Integer> a = kind.create(droppedA);
        Channel<Integer> b = kind.create(droppedB);
        for (int i = 0; i < 40; i++) {
            assertEquals(a.trySend(i).isSuccess(), b.trySend(i).isSuccess());
        }
        List<Integer> drained = new ArrayList<>();
        int n = a.drainTo(drained, 1000);
        List<Integer> expected = tryReceiveAll(b);
        assertEquals(expected, drained);
        assertEquals(expected.size(), n);
        assertEquals(droppedB.list(), droppedA.list());
        assertEquals(b.statistics(), a.statistics());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void drainToResumesSendersWaitingOnARendezvousChannel(ThreadKind threads) {
        Channel<Integer> c = Channel.rendezvous();
        List<Worker<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            senders.add(blockedSender(threads, c, i)); // one after the other: cells 0, 1, 2
        }
        List<Integer> sink = new ArrayList<>();
        assertEquals(3, c.drainTo(sink, 10));
        assertEquals(List.of(0, 1, 2), sink);
        for (Worker<Void> s : senders) {
            s.join(); // its send returned
        }
        assertEquals(0, c.drainTo(sink, 10));
        assertCounts(c, 3, 3, 0, 0);
        assertEquals(0, c.statistics().waitingSenders());
        assertFalse(c.trySend(9).isSuccess(), "still a rendezvous channel: no receiver, no send");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void drainToTakesTheBufferAndTheElementsOfWaitingSenders(ThreadKind threads) {
        Channel<Integer> c = Channel.buffered(2);
        assertEquals(2, fill(c, 0)); // 0, 1
        Worker<Void> two = blockedSender(threads, c, 2);
        Worker<Void> three = blockedSender(threads, c, 3);

        // one element out: the first waiting sender moves into the buffer, the second keeps waiting
        List<Integer> sink = new ArrayList<>();
        assertEquals(1, c.drainTo(sink, 1));
        assertEquals(List.of(0), sink);
        two.join();
        assertFalse(three.isDone());

        assertEquals(3, c.drainTo(sink, 10));
        assertEquals(List.of(0, 1, 2, 3), sink);
        three.join();
        assertCounts(c, 4, 4, 0, 0);
        assertEquals(0, c.statistics().waitingSenders());
        // the buffer kept its size: exactly two elements fit again
        assertEquals(2, fill(c, 10));
        assertEquals(List.of(10, 11), tryReceiveAll(c));
    }

    /** A sender that gave up (interrupt) leaves a dead cell: drainTo skips it and takes the next sender's element. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void drainToSkipsTheCellOfAnInterruptedSender(ThreadKind threads) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().onUndeliveredElement(dropped).build();
        Worker<Void> gone = blockedSender(threads, c, 1);
        gone.thread.interrupt();
        gone.joinThrown(InterruptedException.class);
        Worker<Void> waiting = blockedSender(threads, c, 2);
        List<Integer> sink = new ArrayList<>();
        assertEquals(1, c.drainTo(sink, 10));
        assertEquals(List.of(2), sink);
        waiting.join();
        assertEquals(List.of(1), dropped.list());
        assertCounts(c, 2, 1, 1, 0);
    }

    @Test
    void drainToOnAClosedChannelTakesWhatIsLeftThenNothing() {
        Channel<Integer> c = Channel.buffered(8);
        assertEquals(5, c.trySendAll(range(0, 5)));
        c.close();
        List<Integer> sink = new ArrayList<>();
        assertEquals(3, c.drainTo(sink, 3));
        assertEquals(List.of(0, 1, 2), sink);
        assertFalse(c.isClosedForReceive());
        assertEquals(2, c.drainTo(sink, 10));
        assertEquals(range(0, 5), sink);
        assertTrue(c.isClosedForReceive());
        assertEquals(0, c.drainTo(sink, 10));
        assertEquals(5, sink.size());
        assertCounts(c, 5, 5, 0, 0);
    }

    /** A sender that was waiting when the channel was closed still delivers its element to a drain. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void drainToOnAClosedRendezvousChannelTakesTheWaitingSendersElement(ThreadKind threads) {
        Channel<Integer> c = Channel.rendezvous();
        Worker<Void> sender = blockedSender(threads, c, 42);
        c.close();
        List<Integer> sink = new ArrayList<>();
        assertEquals(1, c.drainTo(sink, 10));
        assertEquals(List.of(42), sink);
        sender.join();
        assertTrue(c.isClosedForReceive());
        assertEquals(0, c.drainTo(sink, 10));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void drainToOnACancelledChannelReturnsZero(ChannelKind kind) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        if (kind != ChannelKind.RENDEZVOUS) {
            assertTrue(c.trySend(1).isSuccess());
        }
        c.cancel();
        List<Integer> sink = new ArrayList<>();
        assertEquals(0, c.drainTo(sink, 10));
        assertEquals(List.of(), sink);
        assertEquals(kind == ChannelKind.RENDEZVOUS ? List.of() : List.of(1), dropped.list(),
                "cancel hands the buffer to onUndeliveredElement, drainTo takes nothing");
        assertTrue(c.isClosedForReceive());
    }

    /**
     * A sink that throws after {@code k} adds: the exception comes out of drainTo, the refused element and the rest of
     * the claimed run go to onUndeliveredElement, the rest stays in the channel; each element ends in exactly one place.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 31, 32, 40, 49})
    void drainToWithAFailingSinkLosesNothing(int k) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(64).onUndeliveredElement(dropped).build();
        int n = 50; // two runs: cells 0..31 and 32..49
        assertEquals(n, c.trySendAll(range(0, n)));
        FailingSink sink = new FailingSink(k);
        TestException thrown = assertThrows(TestException.class, () -> c.drainTo(sink, 1000));
        assertSame(sink.failure, thrown);
        assertEquals(range(0, k), sink, "the sink got the first k, in order");
        List<Integer> undelivered = dropped.list();
        assertFalse(undelivered.isEmpty(), "the refused element went to onUndeliveredElement");
        int end = k + undelivered.size();
        assertEquals(range(k, end), undelivered, "the refused element and the rest of its run, in order");
        assertTrue(end <= n);
        List<Integer> left = tryReceiveAll(c);
        assertEquals(range(end, n), left, "what the drain did not claim is still in the channel");
        assertEquals(n, sink.size() + undelivered.size() + left.size());
    }

    /**
     * The statistics after a sink refused elements: only the elements that were sent count as sent, and the figures
     * add up: {@code sent == received + undelivered + size}.
     */
    @Test
    void drainToWithAFailingSinkKeepsTheStatisticsExact() {
        assumeTrue(segmentSize() >= 10, "the test takes its 10 cells in one run, which never crosses a segment");
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(64).onUndeliveredElement(dropped).build();
        assertEquals(10, c.trySendAll(range(0, 10)));
        FailingSink sink = new FailingSink(3);
        assertThrows(TestException.class, () -> c.drainTo(sink, 1000));
        assertEquals(range(0, 3), sink);
        assertEquals(range(3, 10), dropped.list());
        ChannelStatistics s = c.statistics();
        assertEquals(10, s.sent(), "10 elements were sent, no more: " + s);
        assertEquals(7, s.undelivered(), s.toString());
        assertEquals(0, s.size(), s.toString());
        assertEquals(s.sent(), s.received() + s.undelivered() + s.size(), s.toString());
    }

    /**
     * A sink that throws an Error rather than a RuntimeException: the claimed run must still be processed, so the
     * refused element and the rest of the run reach onUndeliveredElement and no sender whose cell was claimed is left
     * waiting. (drainImpl catches only RuntimeException: on an Error the claimed cells after the refused one are never
     * visited, their elements are lost and their waiting senders park for ever, even through cancel.)
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void drainToWithASinkThrowingAnErrorLeavesNoSenderWaiting(ThreadKind threads) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().onUndeliveredElement(dropped).build();
        Worker<Void> first = blockedSender(threads, c, 0);
        Worker<Void> second = blockedSender(threads, c, 1);
        AssertionError refusal = new AssertionError("the sink refuses everything");
        List<Integer> sink = new ArrayList<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean add(Integer e) {
                throw refusal;
            }
        };
        try {
            assertSame(refusal, assertThrows(AssertionError.class, () -> c.drainTo(sink, 10)));
            assertEquals(List.of(0, 1), dropped.list(), "the refused element and the rest of the claimed run");
            first.join();
            second.join();
        } finally {
            second.thread.interrupt(); // if its cell was abandoned, do not leave it parked for ever
        }
    }

    @Test
    void drainToWithASinkThrowingAnErrorLosesNothing() {
        assumeTrue(segmentSize() >= 5, "the test takes a run of 3 of 5 cells, in one segment");
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(8).onUndeliveredElement(dropped).build();
        assertEquals(5, c.trySendAll(range(0, 5)));
        StackOverflowError deep = new StackOverflowError("deep");
        List<Integer> sink = new ArrayList<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean add(Integer e) {
                if (size() >= 1) {
                    throw deep;
                }
                return super.add(e);
            }
        };
        assertSame(deep, assertThrows(StackOverflowError.class, () -> c.drainTo(sink, 3)));
        assertEquals(List.of(0), sink);
        assertEquals(List.of(1, 2), dropped.list(), "the refused element and the rest of the claimed run");
        assertEquals(List.of(3, 4), tryReceiveAll(c));
    }

    // =================================================================================================================
    // receiveMany
    // =================================================================================================================

    @Test
    void receiveManyTakesWhatIsThereWithoutWaiting() throws Exception {
        Channel<Integer> c = Channel.buffered(10);
        assertEquals(10, c.trySendAll(range(0, 10)));
        List<Integer> sink = new ArrayList<>();
        assertEquals(3, c.receiveMany(sink, 3));
        assertEquals(List.of(0, 1, 2), sink);
        assertEquals(7, c.receiveMany(sink, 100));
        assertEquals(range(0, 10), sink);
        assertCounts(c, 10, 10, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void receiveManyWaitsForTheFirstElementThenTakesTheReadyOnes(ThreadKind threads) {
        Channel<Integer> c = Channel.buffered(8);
        List<Integer> sink = Collections.synchronizedList(new ArrayList<>());
        Worker<Integer> receiver = startBlocked(threads, "receiveMany", () -> c.receiveMany(sink, 5));
        assertEquals(3, c.trySendAll(List.of(1, 2, 3)), "one to the parked receiver, two buffered");
        int n = receiver.join();
        assertTrue(n >= 1 && n <= 3, "took " + n);
        assertEquals(List.of(1, 2, 3).subList(0, n), sink);
        assertEquals(List.of(1, 2, 3).subList(n, 3), tryReceiveAll(c));
        assertCounts(c, 3, 3, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void receiveManyOnARendezvousChannelGetsTheSendersElement(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        List<Integer> sink = Collections.synchronizedList(new ArrayList<>());
        Worker<Integer> receiver = startBlocked(threads, "receiveMany", () -> c.receiveMany(sink, 5));
        c.send(7);
        assertEquals(1, receiver.join());
        assertEquals(List.of(7), sink);
        assertCounts(c, 1, 1, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void receiveManyRejectsMaxBelowOne(int max) {
        Channel<Integer> c = Channel.buffered(4);
        assertTrue(c.trySend(1).isSuccess());
        List<Integer> sink = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> c.receiveMany(sink, max));
        assertEquals(List.of(), sink);
        assertEquals(List.of(1), tryReceiveAll(c), "nothing was taken");
    }

    @Test
    void receiveManyOnAClosedChannelTakesWhatIsLeftThenThrows() throws Exception {
        Channel<Integer> c = Channel.buffered(4);
        assertEquals(2, c.trySendAll(List.of(1, 2)));
        c.close();
        List<Integer> sink = new ArrayList<>();
        assertEquals(2, c.receiveMany(sink, 10));
        assertEquals(List.of(1, 2), sink);
        assertThrows(ClosedReceiveChannelException.class, () -> c.receiveMany(sink, 10));
        assertEquals(List.of(1, 2), sink);
        Channel<Integer> empty = Channel.rendezvous();
        empty.close();
        assertThrows(ClosedReceiveChannelException.class, () -> empty.receiveMany(new ArrayList<>(), 1));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void receiveManyWaitingWhenTheChannelClosesThrows(ThreadKind threads) {
        Channel<Integer> c = Channel.buffered(4);
        List<Integer> sink = Collections.synchronizedList(new ArrayList<>());
        Worker<Integer> receiver = startBlocked(threads, "receiveMany", () -> c.receiveMany(sink, 5));
        c.close();
        receiver.joinThrown(ClosedReceiveChannelException.class);
        assertEquals(List.of(), sink);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void receiveManyOnACancelledChannelThrowsCancellation(ThreadKind threads) {
        Channel<Integer> c = Channel.buffered(4);
        List<Integer> sink = Collections.synchronizedList(new ArrayList<>());
        Worker<Integer> receiver = startBlocked(threads, "receiveMany", () -> c.receiveMany(sink, 5));
        TestException cause = new TestException("stop");
        c.cancel(cause);
        assertCancellation(receiver.joinThrown(), cause);
        assertCancellation(assertThrows(CancellationException.class, () -> c.receiveMany(sink, 5)), cause);
        assertEquals(List.of(), sink);
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void receiveManyInterruptedWhileWaitingThrowsAndTakesNothing(ChannelKind kind, ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        List<Integer> sink = Collections.synchronizedList(new ArrayList<>());
        Worker<Integer> receiver = startBlocked(threads, "receiveMany", () -> c.receiveMany(sink, 5));
        receiver.thread.interrupt();
        receiver.joinThrown(InterruptedException.class);
        assertFalse(receiver.interruptedAfter, "throwing InterruptedException clears the flag");
        assertEquals(List.of(), sink);
        if (kind == ChannelKind.RENDEZVOUS) {
            assertFalse(c.trySend(1).isSuccess(), "the interrupted receiver is not waiting any more");
        } else {
            assertTrue(c.trySend(1).isSuccess());
            assertEquals(List.of(1), tryReceiveAll(c), "the abandoned receive swallowed nothing");
        }
        dropped.assertNone();
    }

    /** The element the blocking part received and the sink refused goes to onUndeliveredElement. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void receiveManyWithASinkRefusingTheWaitedForElementHandsItOver(ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().onUndeliveredElement(dropped).build();
        FailingSink sink = new FailingSink(0);
        Worker<Integer> receiver = startBlocked(threads, "receiveMany", () -> c.receiveMany(sink, 5));
        c.send(7);
        assertSame(sink.failure, receiver.joinThrown());
        assertEquals(List.of(), sink);
        assertEquals(List.of(7), dropped.list());
    }

    // =================================================================================================================
    // trySendAll
    // =================================================================================================================

    @Test
    void trySendAllSendsTheLongestPrefixThatFits() {
        Channel<Integer> c = Channel.buffered(4);
        List<Integer> ten = range(0, 10);
        assertEquals(4, c.trySendAll(ten));
        assertEquals(range(0, 10), ten, "the caller's list is not touched");
        assertFalse(c.trySend(99).isSuccess(), "the buffer is full");
        assertEquals(List.of(0, 1, 2, 3), tryReceiveAll(c));
        assertCounts(c, 4, 4, 0, 0);
        assertEquals(0, c.trySendAll(List.of()));
        assertTrue(c.trySend(20).isSuccess());
        assertEquals(3, c.trySendAll(range(21, 30)));
        assertEquals(0, c.trySendAll(range(30, 40)));
        assertEquals(List.of(20, 21, 22, 23), tryReceiveAll(c));
    }

    @Test
    void trySendAllOnARendezvousChannelWithoutReceiversSendsNothing() {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().onUndeliveredElement(dropped).build();
        assertEquals(0, c.trySendAll(List.of(1, 2, 3)));
        assertEquals(List.of(), tryReceiveAll(c));
        dropped.assertNone();
        assertCounts(c, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void trySendAllOnARendezvousChannelFeedsTheWaitingReceivers(ThreadKind threads) {
        Channel<Integer> c = Channel.rendezvous();
        Worker<Integer> first = blockedReceiver(threads, c);
        Worker<Integer> second = blockedReceiver(threads, c);
        assertEquals(2, c.trySendAll(List.of(10, 11, 12)));
        assertEquals(10, first.join());
        assertEquals(11, second.join());
        assertEquals(0, c.trySendAll(List.of(12)));
        assertCounts(c, 2, 2, 0, 0);
    }

    /** Waiting receivers first, then the free places of the buffer. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void trySendAllOnABufferedChannelFeedsWaitingReceiversThenTheBuffer(ThreadKind threads) {
        Channel<Integer> c = Channel.buffered(2);
        Worker<Integer> receiver = blockedReceiver(threads, c);
        assertEquals(3, c.trySendAll(List.of(1, 2, 3, 4)));
        assertEquals(1, receiver.join());
        assertEquals(List.of(2, 3), tryReceiveAll(c));
        assertCounts(c, 3, 3, 0, 0);
    }

    @Test
    void trySendAllOnAnUnlimitedChannelSendsEverything() {
        Channel<Integer> c = Channel.unlimited();
        assertEquals(1000, c.trySendAll(range(0, 1000)));
        assertEquals(500, c.trySendAll(range(1000, 1500)));
        assertEquals(range(0, 1500), tryReceiveAll(c));
        assertCounts(c, 1500, 1500, 0, 0);
    }

    @Test
    void trySendAllOnAConflatedChannelTakesEverythingAndKeepsTheLast() {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(Channel.CONFLATED).onUndeliveredElement(dropped).build();
        assertEquals(5, c.trySendAll(List.of(1, 2, 3, 4, 5)));
        assertEquals(List.of(1, 2, 3, 4), dropped.list());
        assertEquals(List.of(5), tryReceiveAll(c));
    }

    @Test
    void trySendAllWithDropPoliciesDropsAsTrySendDoes() {
        Undelivered<Integer> latest = new Undelivered<>();
        Channel<Integer> dropLatest = Channel.<Integer>builder().capacity(2)
                .onBufferOverflow(BufferOverflow.DROP_LATEST).onUndeliveredElement(latest).build();
        assertEquals(5, dropLatest.trySendAll(List.of(1, 2, 3, 4, 5)));
        assertEquals(List.of(3, 4, 5), latest.list());
        assertEquals(List.of(1, 2), tryReceiveAll(dropLatest));

        Undelivered<Integer> oldest = new Undelivered<>();
        Channel<Integer> dropOldest = Channel.<Integer>builder().capacity(2)
                .onBufferOverflow(BufferOverflow.DROP_OLDEST).onUndeliveredElement(oldest).build();
        assertEquals(5, dropOldest.trySendAll(List.of(1, 2, 3, 4, 5)));
        assertEquals(List.of(1, 2, 3), oldest.list());
        assertEquals(List.of(4, 5), tryReceiveAll(dropOldest));
    }

    /** trySendAll is a loop of trySend that stops at the first failure, on every kind of channel. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void trySendAllSendsWhatATrySendLoopWould(ChannelKind kind) {
        Undelivered<Integer> droppedA = new Undelivered<>();
        Undelivered<Integer> droppedB = new Undelivered<>();
        Channel<Integer> a = kind.create(droppedA);
        Channel<Integer> b = kind.create(droppedB);
        for (int round = 0; round < 3; round++) {
            List<Integer> batch = range(round * 100, round * 100 + 40);
            int loop = 0;
            while (loop < batch.size() && b.trySend(batch.get(loop)).isSuccess()) {
                loop++;
            }
            assertEquals(loop, a.trySendAll(batch), "round " + round);
            assertEquals(droppedB.list(), droppedA.list());
            // take a few out between rounds so the next round finds room in the middle of the buffer
            for (int i = 0; i < 3; i++) {
                assertEquals(b.tryReceive(), a.tryReceive());
            }
        }
        assertEquals(tryReceiveAll(b), tryReceiveAll(a));
        assertEquals(b.statistics(), a.statistics());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void trySendAllOnAClosedOrCancelledChannelSendsNothingAndKeepsTheElements(ChannelKind kind) {
        Channel<Integer> closed = kind.create(x -> fail("trySendAll must leave the element with the caller: " + x));
        closed.close();
        assertEquals(0, closed.trySendAll(List.of(1, 2, 3)));
        assertTrue(closed.isClosedForReceive());
        Channel<Integer> cancelled = kind.create(x -> fail("trySendAll must leave the element with the caller: " + x));
        cancelled.cancel();
        assertEquals(0, cancelled.trySendAll(List.of(1, 2, 3)));
        assertEquals(0, closed.statistics().undelivered());
        assertEquals(0, cancelled.statistics().undelivered());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void trySendAllWithANullElementSendsNothing(ChannelKind kind) {
        Channel<Integer> c = kind.create(x -> fail("nothing was sent, nothing is undelivered: " + x));
        assertThrows(NullPointerException.class, () -> c.trySendAll(java.util.Arrays.asList(1, 2, null, 4)));
        assertThrows(NullPointerException.class, () -> c.trySendAll(null));
        assertEquals(List.of(), tryReceiveAll(c), "nothing was sent");
        assertCounts(c, 0, 0, 0, 0);
        assertThrows(NullPointerException.class, () -> c.sendAll(java.util.Arrays.asList(1, null)));
        assertThrows(NullPointerException.class, () -> c.sendAll(null));
        assertEquals(List.of(), tryReceiveAll(c), "nothing was sent");
        assertCounts(c, 0, 0, 0, 0);
    }

    // =================================================================================================================
    // sendAll
    // =================================================================================================================

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void sendAllWaitsForRoomAndKeepsTheOrder(ThreadKind threads) throws Exception {
        for (Channel<Integer> c : List.of(Channel.<Integer>buffered(3), Channel.<Integer>rendezvous())) {
            Worker<Void> sender = start(threads, "sendAll", () -> {
                c.sendAll(range(0, 50));
                return null;
            });
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                got.add(c.receive());
            }
            sender.join();
            assertEquals(range(0, 50), got, c.toString());
            assertEquals(List.of(), tryReceiveAll(c));
            assertCounts(c, 50, 50, 0, 0);
        }
    }

    @Test
    void sendAllThatFitsDoesNotWait() throws Exception {
        Channel<Integer> c = Channel.buffered(100);
        c.sendAll(range(0, 100));
        c.sendAll(List.of());
        assertEquals(range(0, 100), tryReceiveAll(c));
    }

    /**
     * The channel is closed while sendAll waits on a full buffer: the element it waits with was sent before the close
     * and is delivered; the next one finds the channel closed, and it and the rest go to onUndeliveredElement.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void sendAllOnAChannelClosedWhileItWaits(ThreadKind threads) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(3).onUndeliveredElement(dropped).build();
        Worker<Void> sender = startBlocked(threads, "sendAll", () -> {
            c.sendAll(range(0, 10));
            return null;
        });
        c.close();
        dropped.assertNone();
        List<Integer> sink = new ArrayList<>();
        assertEquals(4, c.drainTo(sink, 100));
        assertEquals(range(0, 4), sink);
        sender.joinThrown(ClosedSendChannelException.class);
        assertEquals(range(4, 10), dropped.list());
        assertTrue(c.isClosedForReceive());
        assertCounts(c, 10, 4, 6, 0);
    }

    /** A consumer takes some, then closes: what was sent is receivable, the rest went to the handler, once each. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void sendAllOnAChannelClosedByTheConsumerMidway(ThreadKind threads) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(3).onUndeliveredElement(dropped).build();
        Worker<Void> sender = start(threads, "sendAll", () -> {
            c.sendAll(range(0, 20));
            return null;
        });
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(c.receive());
        }
        c.close();
        for (;;) {
            ChannelResult<Integer> r = c.receiveCatching();
            if (r.isClosed()) {
                break;
            }
            got.add(r.getOrThrow());
        }
        sender.joinThrown(ClosedSendChannelException.class);
        List<Integer> undelivered = dropped.list();
        assertEquals(range(0, got.size()), got, "a prefix was delivered");
        assertEquals(range(got.size(), 20), undelivered, "the rest went to onUndeliveredElement, once each");
        assertCounts(c, 20, got.size(), undelivered.size(), 0);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void sendAllOnAClosedChannelHandsOverEveryElement(ChannelKind kind) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        c.close();
        assertThrows(ClosedSendChannelException.class, () -> c.sendAll(List.of(1, 2, 3)));
        assertEquals(List.of(1, 2, 3), dropped.list());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void sendAllOnACancelledChannelThrowsCancellationAndHandsOverEveryElement(ChannelKind kind) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = kind.create(dropped);
        TestException cause = new TestException("stop");
        c.cancel(cause);
        assertCancellation(assertThrows(CancellationException.class, () -> c.sendAll(List.of(1, 2, 3))), cause);
        assertEquals(List.of(1, 2, 3), dropped.list());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void sendAllInterruptedWhileWaitingHandsOverTheRest(ThreadKind threads) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(2).onUndeliveredElement(dropped).build();
        Worker<Void> sender = startBlocked(threads, "sendAll", () -> {
            c.sendAll(range(0, 6));
            return null;
        });
        sender.thread.interrupt();
        sender.joinThrown(InterruptedException.class);
        assertFalse(sender.interruptedAfter, "throwing InterruptedException clears the flag");
        assertEquals(range(2, 6), dropped.list());
        assertEquals(List.of(0, 1), tryReceiveAll(c));
        assertCounts(c, 6, 2, 4, 0);

        Undelivered<Integer> rendezvousDropped = new Undelivered<>();
        Channel<Integer> r = Channel.<Integer>builder().onUndeliveredElement(rendezvousDropped).build();
        Worker<Void> rendezvousSender = startBlocked(threads, "sendAll", () -> {
            r.sendAll(range(0, 6));
            return null;
        });
        rendezvousSender.thread.interrupt();
        rendezvousSender.joinThrown(InterruptedException.class);
        assertEquals(range(0, 6), rendezvousDropped.list());
        assertFalse(r.trySend(9).isSuccess());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void sendAllWaitingWhenTheChannelIsCancelledThrowsCancellation(ThreadKind threads) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(2).onUndeliveredElement(dropped).build();
        Worker<Void> sender = startBlocked(threads, "sendAll", () -> {
            c.sendAll(range(0, 6));
            return null;
        });
        TestException cause = new TestException("stop");
        c.cancel(cause);
        assertCancellation(sender.joinThrown(), cause);
        List<Integer> undelivered = new ArrayList<>(dropped.list());
        Collections.sort(undelivered);
        assertEquals(range(0, 6), undelivered, "buffered, waiting and unsent elements, each once: " + dropped.list());
        assertEquals(List.of(), tryReceiveAll(c));
    }

    /** sendAll on a channel that never waits is a loop of send: it drops as send does. */
    @Test
    void sendAllWithDropPoliciesDropsAsSendDoes() throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> conflated = Channel.<Integer>builder().capacity(Channel.CONFLATED)
                .onUndeliveredElement(dropped).build();
        conflated.sendAll(List.of(1, 2, 3));
        assertEquals(List.of(1, 2), dropped.list());
        assertEquals(List.of(3), tryReceiveAll(conflated));

        Undelivered<Integer> latest = new Undelivered<>();
        Channel<Integer> dropLatest = Channel.<Integer>builder().capacity(2)
                .onBufferOverflow(BufferOverflow.DROP_LATEST).onUndeliveredElement(latest).build();
        dropLatest.sendAll(List.of(1, 2, 3, 4));
        assertEquals(List.of(3, 4), latest.list());
        assertEquals(List.of(1, 2), tryReceiveAll(dropLatest));
    }

    /**
     * Cancel hands every buffered element to onUndeliveredElement, also after batch sends: it walks the segments
     * backwards from the last one, so a batch send must not cut the link to the segments before its own while they
     * hold elements no receiver has reached.
     */
    @ParameterizedTest
    @ValueSource(ints = {Channel.UNLIMITED, 64, 200})
    void cancelAfterBatchSendsHandsOverEveryBufferedElement(int capacity) throws Exception {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(capacity).onUndeliveredElement(dropped).build();
        assertEquals(40, c.trySendAll(range(0, 40))); // runs in segment 0 (cells 0..31) and segment 1 (32..39)
        c.cancel();
        List<Integer> undelivered = new ArrayList<>(dropped.list());
        Collections.sort(undelivered);
        assertEquals(range(0, 40), undelivered, "trySendAll then cancel; handed over: " + dropped.list());
        assertEquals(40, c.statistics().undelivered());

        Undelivered<Integer> dropped2 = new Undelivered<>();
        Channel<Integer> c2 = Channel.<Integer>builder().capacity(capacity).onUndeliveredElement(dropped2).build();
        for (int i = 0; i < 32; i++) {
            c2.send(i); // segment 0, one send at a time
        }
        c2.sendAll(List.of(32)); // one run of one cell in segment 1
        c2.cancel();
        List<Integer> undelivered2 = new ArrayList<>(dropped2.list());
        Collections.sort(undelivered2);
        assertEquals(range(0, 33), undelivered2, "sends, sendAll of one, then cancel");
    }

    // =================================================================================================================
    // Producers and consumers using the batch operations together
    // =================================================================================================================

    /**
     * Two producers send runs of random length with sendAll (sometimes trySendAll first, then sendAll for what did not
     * fit); two consumers take batches of random size with receiveMany. Every element arrives exactly once, and each
     * consumer sees each producer's elements in the order they were sent.
     */
    @ParameterizedTest
    @MethodSource("concurrentKindsAndThreads")
    void producersAndConsumersInBatchesLoseNothingAndKeepOrder(int capacity, ThreadKind threads) {
        final int producers = 2;
        final int consumers = 2;
        final int perProducer = 3000;
        long seed = System.nanoTime();
        Channel<Integer> c = Channel.create(capacity);
        List<Worker<Void>> producerWorkers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int id = p;
            producerWorkers.add(start(threads, "producer-" + p, () -> {
                Random rnd = new Random(seed + id);
                int next = 0;
                while (next < perProducer) {
                    int size = Math.min(1 + rnd.nextInt(12), perProducer - next);
                    List<Integer> batch = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        batch.add(id * 1_000_000 + next + i);
                    }
                    if (rnd.nextInt(4) == 0) {
                        int sent = c.trySendAll(batch);
                        c.sendAll(batch.subList(sent, size));
                    } else {
                        c.sendAll(batch);
                    }
                    next += size;
                }
                return null;
            }));
        }
        List<Worker<List<Integer>>> consumerWorkers = new ArrayList<>();
        for (int k = 0; k < consumers; k++) {
            final int id = k;
            consumerWorkers.add(start(threads, "consumer-" + k, () -> {
                Random rnd = new Random(seed + 100 + id);
                List<Integer> mine = new ArrayList<>();
                try {
                    for (;;) {
                        int before = mine.size();
                        int max = 1 + rnd.nextInt(12);
                        int n = c.receiveMany(mine, max);
                        if (n < 1 || n > max || mine.size() - before != n) {
                            throw new AssertionError("receiveMany(max " + max + ") returned " + n + " and added "
                                    + (mine.size() - before));
                        }
                    }
                } catch (ClosedReceiveChannelException end) {
                    return mine;
                }
            }));
        }
        for (Worker<Void> p : producerWorkers) {
            p.join();
        }
        c.close();
        String where = "capacity " + capacity + ", " + threads + ", seed " + seed;
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (Worker<List<Integer>> w : consumerWorkers) {
            List<Integer> mine = w.join();
            int[] last = new int[producers];
            java.util.Arrays.fill(last, -1);
            for (int e : mine) {
                int p = e / 1_000_000;
                int seq = e % 1_000_000;
                if (seq <= last[p]) {
                    fail("consumer got " + p + ":" + seq + " after " + p + ":" + last[p] + " (" + where + ")");
                }
                last[p] = seq;
                if (!seen.add(e)) {
                    fail("element " + e + " received twice (" + where + ")");
                }
            }
            total += mine.size();
        }
        assertEquals(producers * perProducer, total, "every element received (" + where + ")");
        assertEquals(producers * perProducer, seen.size(), where);
        ChannelStatistics s = c.statistics();
        assertEquals(producers * perProducer, s.sent(), where + " " + s);
        assertEquals(producers * perProducer, s.received(), where + " " + s);
        assertEquals(0, s.size(), where + " " + s);
    }

    /** The engine's cells per segment ({@code -Dloomchan.channel.segmentSize}, 32 by default): a run never crosses one. */
    private static int segmentSize() {
        return Integer.getInteger("loomchan.channel.segmentSize", 32);
    }
}
