package dev.loomchan.zerocopy;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

import static dev.loomchan.zerocopy.DescriptorMisuseException.Kind.ACCESS_AFTER_RELEASE;
import static dev.loomchan.zerocopy.DescriptorMisuseException.Kind.ACCESS_AFTER_SEND;
import static dev.loomchan.zerocopy.DescriptorMisuseException.Kind.FOREIGN_POOL;
import static dev.loomchan.zerocopy.DescriptorMisuseException.Kind.NOT_OWNER;
import static dev.loomchan.zerocopy.DescriptorMisuseException.Kind.RELEASE_AFTER_SEND;
import static dev.loomchan.zerocopy.DescriptorMisuseException.Kind.RELEASE_IN_FLIGHT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The batch operations of {@link ZeroCopyChannel} ({@code trySendAll}, {@code sendAll}, {@code drainTo},
 * {@code receiveMany}) move ownership as the single ones do: every descriptor a batch sends is dead for the sender, the
 * receiver owns each one before its collection sees it, what is not sent stays the sender's (a {@code trySendAll}) or
 * goes back to the pool (a {@code sendAll} that fails), a misused batch sends nothing and changes nothing, and a
 * collection that refuses a descriptor loses none and frees none twice.
 *
 * <p>Every descriptor is stamped with its index at offset 0 and a length of 4 + index, so that the tests can tell the
 * descriptors apart and check the pool's {@code bytesMoved}.
 */
class ZeroCopyBatchTest {
    /** Bound for everything awaited. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final DescriptorPool pool = DescriptorPool.builder().slotSize(64).slotCount(16).name("batch").build();
    /** "Another thread": one virtual thread that runs every task, so that what it acquires stays its own. */
    private final ExecutorService other = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("other").factory());
    private final List<Thread> started = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopThreads() {
        other.shutdownNow();
        started.forEach(Thread::interrupt); // only a failed test leaves one running
    }

    /** The two batch receives. */
    enum Take {
        DRAIN_TO {
            @Override
            int take(ZeroCopyChannel channel, Collection<? super Descriptor> sink, int max) {
                return channel.drainTo(sink, max);
            }
        },
        RECEIVE_MANY {
            @Override
            int take(ZeroCopyChannel channel, Collection<? super Descriptor> sink, int max)
                    throws InterruptedException {
                return channel.receiveMany(sink, max);
            }
        };

        abstract int take(ZeroCopyChannel channel, Collection<? super Descriptor> sink, int max)
                throws InterruptedException;
    }

    // ---- trySendAll ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Take.class)
    void trySendAllAcceptingEveryDescriptorKillsEachForTheSenderAndTheReceiverOwnsEach(Take take) throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 8);
        Thread sender = onOther(Thread::currentThread);
        List<Descriptor> sent = onOther(() -> {
            List<Descriptor> batch = acquireStamped(pool, 5);
            assertEquals(5, channel.trySendAll(batch));
            for (Descriptor d : batch) {
                assertInFlightFor(d);
            }
            return batch;
        });
        assertEquals(5, pool.inUse());
        assertEquals(0, pool.statistics().transfers(), "nothing delivered yet");

        List<Descriptor> got = new ArrayList<>();
        assertEquals(5, take.take(channel, got, 10));
        assertSameDescriptors(sent, got);
        for (int i = 0; i < 5; i++) {
            assertOwnedAndUsable(got.get(i), i);
        }
        assertTrue(channel.isEmpty());

        Thread receiver = Thread.currentThread();
        onOther(() -> {
            for (Descriptor d : sent) {
                DescriptorMisuseException use = misuse(ACCESS_AFTER_SEND, d::buffer);
                assertSame(receiver, use.owner(), "names the receiver as the owner");
                assertSame(sender, use.caller());
                misuse(ACCESS_AFTER_SEND, d::length);
                misuse(RELEASE_AFTER_SEND, d::release);
                assertFalse(d.isOwnedByCurrentThread());
            }
            return null;
        });

        PoolStatistics stats = pool.statistics();
        assertEquals(5, stats.transfers(), stats::toString);
        assertEquals(4 + 5 + 6 + 7 + 8, stats.bytesMoved(), stats::toString);
        assertEquals(0, stats.reclaimed(), stats::toString);
        got.forEach(Descriptor::release);
        assertEveryDescriptorBack(5, 0);
    }

    @Test
    void trySendAllToARendezvousChannelSendsOnlyWhatAWaitingReceiverTakes() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.rendezvous(pool);
        List<Descriptor> batch = acquireStamped(pool, 3);
        assertEquals(0, channel.trySendAll(batch), "no receiver waits");
        for (int i = 0; i < 3; i++) {
            assertOwnedAndUsable(batch.get(i), i);
        }

        CompletableFuture<List<Descriptor>> received = new CompletableFuture<>();
        Thread receiver = start("receiver", () -> {
            List<Descriptor> got = new ArrayList<>();
            channel.receiveMany(got, 10);
            for (Descriptor d : got) {
                assertTrue(d.isOwnedByCurrentThread());
            }
            received.complete(List.copyOf(got));
            for (Descriptor d : got) {
                d.release();
            }
        }, received);
        awaitParked(receiver);

        assertEquals(1, channel.trySendAll(batch), "one receiver waits: one cell to hand over");
        List<Descriptor> got = received.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertSameDescriptors(batch.subList(0, 1), got);
        joinBounded(receiver);
        misuse(ACCESS_AFTER_RELEASE, batch.get(0)::buffer);
        for (int i = 1; i < 3; i++) {
            assertOwnedAndUsable(batch.get(i), i);
            batch.get(i).release();
        }
        assertEveryDescriptorBack(3, 0);
        assertEquals(1, pool.statistics().transfers());
    }

    @Test
    void trySendAllToAFullChannelSendsThePrefixAndTheRestStaysWithTheSender() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 2);
        List<Descriptor> batch = acquireStamped(pool, 5);
        assertEquals(2, channel.trySendAll(batch));

        assertInFlightFor(batch.get(0));
        assertInFlightFor(batch.get(1));
        for (int i = 2; i < 5; i++) {
            assertOwnedAndUsable(batch.get(i), i);
        }
        for (int i = 2; i < 5; i++) {
            batch.get(i).release();
        }
        PoolStatistics stats = pool.statistics();
        assertEquals(2, stats.inUse(), stats::toString);
        assertEquals(3, stats.released(), stats::toString);
        assertEquals(0, stats.reclaimed(), stats::toString);
        assertEquals(0, stats.transfers(), stats::toString);

        List<Descriptor> got = new ArrayList<>();
        assertEquals(2, channel.drainTo(got, 10), "the channel holds the prefix, and only it");
        assertSameDescriptors(batch.subList(0, 2), got);
        assertOwnedAndUsable(got.get(0), 0);
        assertOwnedAndUsable(got.get(1), 1);
        got.forEach(Descriptor::release);
        assertEveryDescriptorBack(5, 0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trySendAllToAClosedChannelSendsNothingAndEveryDescriptorStaysWithTheSender(boolean cancelled)
            throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 8);
        if (cancelled) {
            channel.cancel();
        } else {
            channel.close();
        }
        List<Descriptor> batch = acquireStamped(pool, 5);
        assertEquals(0, channel.trySendAll(batch));
        for (int i = 0; i < 5; i++) {
            assertOwnedAndUsable(batch.get(i), i);
        }
        PoolStatistics stats = pool.statistics();
        assertEquals(5, stats.inUse(), stats::toString);
        assertEquals(0, stats.reclaimed(), "a trySendAll that fails hands nothing to onUndeliveredElement");
        batch.forEach(Descriptor::release);
        assertEveryDescriptorBack(5, 0);
    }

    @Test
    void trySendAllOfNothingSendsNothing() {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 2);
        assertEquals(0, channel.trySendAll(List.of()));
        assertTrue(channel.isEmpty());
    }

    @Test
    void trySendAllToAConflatedChannelKeepsTheLastAndGivesTheReplacedOnesBack() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.conflated(pool);
        List<Descriptor> batch = acquireStamped(pool, 3);
        assertEquals(3, channel.trySendAll(batch), "a conflated channel takes everything");
        misuse(ACCESS_AFTER_RELEASE, batch.get(0)::buffer);
        misuse(ACCESS_AFTER_RELEASE, batch.get(1)::buffer);
        assertInFlightFor(batch.get(2));
        assertEquals(1, pool.inUse());
        assertEquals(2, pool.statistics().reclaimed());
        List<Descriptor> got = new ArrayList<>();
        assertEquals(1, channel.drainTo(got, 10));
        assertSameDescriptors(batch.subList(2, 3), got);
        assertOwnedAndUsable(got.get(0), 2);
        got.get(0).release();
        assertEveryDescriptorBack(3, 2);
    }

    // ---- handOverAll: a misused batch sends nothing ---------------------------------------------------------------

    /** A descriptor the caller may not send, put into an otherwise good batch. */
    enum Bad {
        RELEASED, OWNED_BY_ANOTHER_THREAD, FROM_ANOTHER_POOL, SAME_DESCRIPTOR_TWICE, IN_FLIGHT_ELSEWHERE, NULL
    }

    /** The two batch sends. */
    enum Send {
        TRY_SEND_ALL, SEND_ALL
    }

    static Stream<Arguments> misusedBatches() {
        List<Arguments> cases = new ArrayList<>();
        for (Bad bad : Bad.values()) {
            for (int position : new int[]{0, 2, 4}) {
                for (Send send : Send.values()) {
                    cases.add(Arguments.of(bad, position, send));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1}, {2}")
    @MethodSource("misusedBatches")
    void aBatchWithADescriptorTheCallerMayNotSendSendsNothingAndChangesNothing(Bad bad, int position, Send send)
            throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 8);
        ZeroCopyChannel elsewhere = ZeroCopyChannel.buffered(pool, 1);
        DescriptorPool foreignPool = DescriptorPool.builder().slotSize(64).slotCount(1).name("foreign").build();
        List<Descriptor> goods = acquireStamped(pool, 4);
        Thread otherThread = onOther(Thread::currentThread);
        long acquiredHere = 4;

        Descriptor wrong;
        switch (bad) {
            case RELEASED -> {
                wrong = pool.acquire();
                wrong.release();
                acquiredHere++;
            }
            case OWNED_BY_ANOTHER_THREAD -> {
                wrong = onOther(pool::acquire);
                acquiredHere++;
            }
            case FROM_ANOTHER_POOL -> wrong = foreignPool.acquire();
            case SAME_DESCRIPTOR_TWICE -> wrong = goods.get(position == 0 ? 3 : 0);
            case IN_FLIGHT_ELSEWHERE -> {
                wrong = pool.acquire();
                elsewhere.send(wrong);
                acquiredHere++;
            }
            case NULL -> wrong = null;
            default -> throw new AssertionError(bad);
        }
        List<Descriptor> batch = new ArrayList<>(goods);
        batch.add(position, wrong);
        int inUseBefore = pool.inUse();
        PoolStatistics before = pool.statistics();

        Executable call = send == Send.TRY_SEND_ALL ? () -> channel.trySendAll(batch) : () -> channel.sendAll(batch);
        if (bad == Bad.NULL) {
            assertThrows(NullPointerException.class, call);
        } else {
            DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, call);
            DescriptorMisuseException.Kind expected = switch (bad) {
                case RELEASED -> ACCESS_AFTER_RELEASE;
                case OWNED_BY_ANOTHER_THREAD -> NOT_OWNER;
                case FROM_ANOTHER_POOL -> FOREIGN_POOL;
                case SAME_DESCRIPTOR_TWICE, IN_FLIGHT_ELSEWHERE -> ACCESS_AFTER_SEND;
                case NULL -> throw new AssertionError();
            };
            assertEquals(expected, e.kind(), e::getMessage);
            assertEquals(wrong.slot(), e.slot(), e::getMessage);
            if (bad == Bad.OWNED_BY_ANOTHER_THREAD) {
                assertSame(otherThread, e.owner());
            }
        }

        assertTrue(channel.isEmpty(), "nothing was sent");
        assertTrue(channel.tryReceive().isFailure(), "nothing was sent");
        assertEquals(inUseBefore, pool.inUse(), "nothing went back to the pool");
        PoolStatistics after = pool.statistics();
        assertEquals(before.released(), after.released(), after::toString);
        assertEquals(0, after.reclaimed(), after::toString);
        assertEquals(before.transfers(), after.transfers(), after::toString);
        for (int i = 0; i < goods.size(); i++) {
            assertOwnedAndUsable(goods.get(i), i);
        }

        // The good ones are still the caller's to send, and the channel still works.
        assertEquals(4, channel.trySendAll(goods));
        List<Descriptor> got = new ArrayList<>();
        assertEquals(4, channel.drainTo(got, 10));
        assertSameDescriptors(goods, got);
        got.forEach(Descriptor::release);

        // The wrong one is where it was.
        switch (bad) {
            case RELEASED -> misuse(ACCESS_AFTER_RELEASE, wrong::buffer);
            case OWNED_BY_ANOTHER_THREAD -> onOther(() -> {
                assertTrue(wrong.isOwnedByCurrentThread(), "still the other thread's");
                wrong.release();
                return null;
            });
            case FROM_ANOTHER_POOL -> {
                assertTrue(wrong.isOwnedByCurrentThread());
                wrong.release();
                assertEquals(0, foreignPool.inUse());
            }
            case IN_FLIGHT_ELSEWHERE -> {
                misuse(ACCESS_AFTER_SEND, wrong::buffer);
                assertSame(wrong, elsewhere.receive(), "still in the other channel");
                wrong.release();
            }
            case SAME_DESCRIPTOR_TWICE, NULL -> {
            }
        }
        assertEveryDescriptorBack(acquiredHere, 0);
    }

    // ---- sendAll ------------------------------------------------------------------------------------------------------

    /** Channel shapes for the blocking batch send. */
    enum Shape {
        RENDEZVOUS(Channel.RENDEZVOUS), BUFFERED_4(4), BUFFERED_64(64), UNLIMITED(Channel.UNLIMITED);

        final int capacity;

        Shape(int capacity) {
            this.capacity = capacity;
        }

        ZeroCopyChannel of(DescriptorPool pool) {
            return ZeroCopyChannel.create(pool, capacity, BufferOverflow.SUSPEND, name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Shape.class, names = {"RENDEZVOUS", "BUFFERED_4", "UNLIMITED"})
    void sendAllCompletesWithAConsumerUsingReceiveMany(Shape shape) throws Exception {
        ZeroCopyChannel channel = shape.of(pool);
        int n = 12;
        CompletableFuture<List<Integer>> batches = new CompletableFuture<>();
        Thread consumer = start("consumer", () -> {
            List<Integer> sizes = new ArrayList<>();
            int next = 0;
            List<Descriptor> got = new ArrayList<>();
            while (next < n) {
                int taken = channel.receiveMany(got, 5);
                assertEquals(got.size(), taken);
                assertTrue(taken >= 1 && taken <= 5, "taken " + taken);
                sizes.add(taken);
                for (Descriptor d : got) {
                    assertTrue(d.isOwnedByCurrentThread());
                    assertEquals(next, d.buffer().getInt(0), "in order");
                    assertEquals(4 + next, d.length());
                    next++;
                    d.release();
                }
                got.clear();
            }
            batches.complete(sizes);
        }, batches);

        List<Descriptor> batch = acquireStamped(pool, n);
        channel.sendAll(batch);
        for (Descriptor d : batch) {
            assertFalse(d.isOwnedByCurrentThread());
            assertThrows(DescriptorMisuseException.class, d::buffer, "dead for the sender");
        }
        List<Integer> sizes = batches.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(n, sizes.stream().mapToInt(Integer::intValue).sum(), sizes::toString);
        joinBounded(consumer);
        assertTrue(channel.isEmpty());
        PoolStatistics stats = pool.statistics();
        assertEquals(n, stats.transfers(), stats::toString);
        assertEquals(n * 4 + n * (n - 1) / 2, stats.bytesMoved(), stats::toString);
        assertEveryDescriptorBack(n, 0);
    }

    @Test
    void sendAllClosedWhileWaitingFailsAndTheUnsentDescriptorsGoBackToThePool() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 2);
        CompletableFuture<List<Descriptor>> batch = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sender = startSender(channel, 6, batch, outcome);
        List<Descriptor> ds = batch.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        awaitParked(sender);
        assertEquals(6, pool.inUse());

        channel.close();
        // SendChannel.close: "senders already waiting are still received". The sender waits with ds[2] in cell 2.
        assertFalse(outcome.isDone(), () -> "close woke the waiting sender: " + outcome.join());
        List<Descriptor> got = new ArrayList<>();
        assertEquals(3, channel.drainTo(got, 10), "the two buffered and the waiting sender's");
        assertSameDescriptors(ds.subList(0, 3), got);
        Throwable thrown = outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertInstanceOf(ClosedSendChannelException.class, thrown);
        joinBounded(sender);

        for (int i = 0; i < 3; i++) {
            assertOwnedAndUsable(got.get(i), i);
        }
        for (int i = 3; i < 6; i++) {
            misuse(ACCESS_AFTER_RELEASE, ds.get(i)::buffer);
        }
        PoolStatistics stats = pool.statistics();
        assertEquals(3, pool.inUse(), () -> "held: " + pool.leakReport(Duration.ZERO));
        assertEquals(3, stats.reclaimed(), stats::toString);
        assertEquals(3, stats.released(), stats::toString);
        assertEquals(3, stats.transfers(), stats::toString);
        assertTrue(channel.isClosedForReceive());
        got.forEach(Descriptor::release);
        assertEveryDescriptorBack(6, 3);
    }

    @Test
    void sendAllCancelledWhileWaitingGivesEveryDescriptorBack() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 2);
        CompletableFuture<List<Descriptor>> batch = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sender = startSender(channel, 6, batch, outcome);
        List<Descriptor> ds = batch.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        awaitParked(sender);

        channel.cancel();
        assertInstanceOf(CancellationException.class, outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        joinBounded(sender);
        for (Descriptor d : ds) {
            misuse(ACCESS_AFTER_RELEASE, d::buffer);
        }
        assertEquals(0, pool.statistics().transfers());
        assertEveryDescriptorBack(6, 6);
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 2})
    void sendAllInterruptedWhileWaitingThrowsAndTheUnsentDescriptorsGoBackToThePool(int capacity) throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, capacity);
        CompletableFuture<List<Descriptor>> batch = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sender = startSender(channel, 6, batch, outcome);
        List<Descriptor> ds = batch.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        awaitParked(sender);
        assertEquals(6, pool.inUse());

        sender.interrupt();
        assertInstanceOf(InterruptedException.class, outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        joinBounded(sender);
        for (int i = capacity; i < 6; i++) {
            misuse(ACCESS_AFTER_RELEASE, ds.get(i)::buffer);
        }
        assertEquals(capacity, pool.inUse(), () -> "held: " + pool.leakReport(Duration.ZERO));
        assertEquals(6 - capacity, pool.statistics().reclaimed());

        List<Descriptor> got = new ArrayList<>();
        assertEquals(capacity, channel.drainTo(got, 10), "what was buffered before the interrupt is still there");
        assertSameDescriptors(ds.subList(0, capacity), got);
        got.forEach(Descriptor::release);
        assertEveryDescriptorBack(6, 6 - capacity);
    }

    // ---- drainTo / receiveMany --------------------------------------------------------------------------------------

    /** A collection that records, at each add, whether the adding thread owned the descriptor and its stamp. */
    static final class CheckingSink extends ArrayList<Descriptor> {
        final List<String> problems = new ArrayList<>();
        final List<Thread> addedBy = new ArrayList<>();

        @Override
        public boolean add(Descriptor d) {
            if (!d.isOwnedByCurrentThread()) {
                problems.add("not owned by the adding thread: " + d);
            }
            try {
                d.buffer().putLong(8, d.buffer().getInt(0)); // the view works on the calling thread
                d.length(d.length());
            } catch (DescriptorMisuseException e) {
                problems.add(e.getMessage());
            }
            addedBy.add(Thread.currentThread());
            return super.add(d);
        }
    }

    @ParameterizedTest
    @EnumSource(Take.class)
    void theReceivingThreadOwnsEachDescriptorWhenItReachesTheSink(Take take) throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 8);
        List<Descriptor> sent = acquireStamped(pool, 5);
        assertEquals(5, channel.trySendAll(sent));

        CheckingSink sink = new CheckingSink();
        assertEquals(3, take.take(channel, sink, 3));
        assertEquals(2, take.take(channel, sink, 10));
        assertEquals(List.of(), sink.problems);
        assertSameDescriptors(sent, sink);
        for (Thread t : sink.addedBy) {
            assertSame(Thread.currentThread(), t);
        }
        for (int i = 0; i < 5; i++) {
            assertOwnedAndUsable(sink.get(i), i);
            assertEquals(i, sink.get(i).buffer().getLong(8), "what the sink wrote, in the slot");
        }

        Thread me = Thread.currentThread();
        onOther(() -> {
            for (Descriptor d : sink) {
                assertSame(me, misuse(NOT_OWNER, d::buffer).owner());
                misuse(NOT_OWNER, d::length);
                misuse(NOT_OWNER, d::release);
                assertThrows(DescriptorMisuseException.class, () -> pool.release(d));
            }
            return null;
        });
        for (int i = 0; i < 5; i++) {
            assertOwnedAndUsable(sink.get(i), i);
        }
        sink.forEach(Descriptor::release);
        assertEveryDescriptorBack(5, 0);
    }

    @Test
    void receiveManyThatWaitedOwnsWhatItReceives() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 4);
        CheckingSink sink = new CheckingSink();
        CompletableFuture<Integer> first = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread receiver = start("receiver", () -> {
            first.complete(channel.receiveMany(sink, 4));
            while (sink.size() < 3) {
                channel.receiveMany(sink, 4);
            }
            for (Descriptor d : sink) {
                d.release();
            }
            done.complete(null);
        }, done);
        awaitParked(receiver);
        List<Descriptor> sent = acquireStamped(pool, 3);
        channel.sendAll(sent);
        done.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        joinBounded(receiver);
        int firstRun = first.join();
        assertTrue(firstRun >= 1 && firstRun <= 3, "first run " + firstRun);
        assertEquals(List.of(), sink.problems);
        assertSameDescriptors(sent, sink);
        for (Thread t : sink.addedBy) {
            assertSame(receiver, t);
        }
        assertEquals(3, pool.statistics().transfers());
        assertEveryDescriptorBack(3, 0);
    }

    /** A collection that throws {@code failure} on its {@code failOn}-th add (from 1). */
    static final class RefusingSink extends ArrayList<Descriptor> {
        final int failOn;
        final RuntimeException failure;
        final Error error;
        Descriptor refused;
        boolean refusedWasOwned;
        int adds;

        RefusingSink(int failOn, RuntimeException failure, Error error) {
            this.failOn = failOn;
            this.failure = failure;
            this.error = error;
        }

        @Override
        public boolean add(Descriptor d) {
            if (++adds == failOn) {
                refused = d;
                refusedWasOwned = d.isOwnedByCurrentThread();
                if (error != null) {
                    throw error;
                }
                throw failure;
            }
            return super.add(d);
        }
    }

    @ParameterizedTest
    @EnumSource(Take.class)
    void aSinkThatThrowsOnTheSecondAddLosesNothingAndFreesNothingTwice(Take take) throws Exception {
        assumeTrue(segmentSize() >= 5, "the test takes a run of 3 of 5 cells, in one segment");
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 5);
        List<Descriptor> sent = acquireStamped(pool, 5);
        assertEquals(5, channel.trySendAll(sent));

        RuntimeException full = new IllegalStateException("sink full");
        RefusingSink sink = new RefusingSink(2, full, null);
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> take.take(channel, sink, 3));
        assertSame(full, thrown, "the sink's exception propagates");
        assertSame(sent.get(1), sink.refused);
        assertTrue(sink.refusedWasOwned, "the receiver owned it when the sink saw it");

        // The first is the receiver's; the refused one and the rest of the run (3 cells) went back to the pool.
        assertSameDescriptors(sent.subList(0, 1), sink);
        assertOwnedAndUsable(sent.get(0), 0);
        misuse(ACCESS_AFTER_RELEASE, sent.get(1)::buffer);
        misuse(ACCESS_AFTER_RELEASE, sent.get(2)::buffer);
        PoolStatistics stats = pool.statistics();
        assertEquals(3, pool.inUse(), () -> "held: " + pool.leakReport(Duration.ZERO));
        assertEquals(2, stats.released(), stats::toString);
        assertEquals(2, stats.reclaimed(), stats::toString);
        assertEquals(1, stats.transfers(), "the refused delivery is not counted: " + stats);
        assertEquals(4, stats.bytesMoved(), stats::toString);

        // What was not in the run is still there, in order.
        List<Descriptor> rest = new ArrayList<>();
        assertEquals(2, take.take(channel, rest, 10));
        assertSameDescriptors(sent.subList(3, 5), rest);
        assertOwnedAndUsable(rest.get(0), 3);
        assertOwnedAndUsable(rest.get(1), 4);
        assertTrue(channel.isEmpty());
        sent.get(0).release();
        rest.forEach(Descriptor::release);
        stats = pool.statistics();
        assertEquals(3, stats.transfers(), stats::toString);
        assertEquals(4 + 7 + 8, stats.bytesMoved(), stats::toString);
        assertEveryDescriptorBack(5, 2);

        // The channel's buffer is whole again: the run's buffer expansions were all made.
        assertChannelTakesExactly(channel, 5);
    }

    /**
     * As above, with an {@link Error} (an assertion failing inside the sink, say) instead of a RuntimeException. The
     * {@code drainTo} contract says "if {@code sink.add} throws, the element it refused and every element already taken
     * for this call but not yet added go to {@code onUndeliveredElement}": so the refused descriptor and the rest of
     * the run must reach the pool, and the run's buffer expansions must still be made.
     */
    @ParameterizedTest
    @EnumSource(Take.class)
    void aSinkThatThrowsAnErrorOnTheSecondAddLosesNothing(Take take) throws Exception {
        assumeTrue(segmentSize() >= 5, "the test takes a run of 3 of 5 cells, in one segment");
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(pool, 5);
        List<Descriptor> sent = acquireStamped(pool, 5);
        assertEquals(5, channel.trySendAll(sent));

        AssertionError broken = new AssertionError("sink assertion");
        RefusingSink sink = new RefusingSink(2, null, broken);
        assertSame(broken, assertThrows(AssertionError.class, () -> take.take(channel, sink, 3)));
        assertSameDescriptors(sent.subList(0, 1), sink);
        assertSame(sent.get(1), sink.refused);

        List<Descriptor> rest = new ArrayList<>();
        channel.drainTo(rest, 10);
        assertSameDescriptors(sent.subList(3, 5), rest);
        assertAll("after a sink threw an Error on the 2nd add of a run of 3",
                () -> assertFalse(sent.get(1).isOwnedByCurrentThread(),
                        "the refused descriptor is still owned by the receiver: " + sent.get(1)),
                () -> assertFalse(isInFlight(sent.get(2)),
                        "the rest of the run is stuck in flight, in a cell the receivers counter has passed: "
                                + sent.get(2)),
                () -> assertEquals(3, pool.inUse(), () -> "held: " + pool.leakReport(Duration.ZERO)),
                () -> assertEquals(2, pool.statistics().reclaimed(), () -> pool.statistics().toString()));
        sent.get(0).release();
        rest.forEach(Descriptor::release);
        assertEveryDescriptorBack(5, 2);
        assertChannelTakesExactly(channel, 5);
    }

    @Test
    void aSinkThatThrowsOnTheFirstAddWhileReceiveManyWaitedGivesTheDescriptorBack() throws Exception {
        ZeroCopyChannel channel = ZeroCopyChannel.rendezvous(pool);
        RuntimeException full = new IllegalStateException("sink full");
        RefusingSink sink = new RefusingSink(1, full, null);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread receiver = start("receiver", () -> {
            try {
                channel.receiveMany(sink, 4);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, outcome);
        awaitParked(receiver);
        Descriptor d = acquireStamped(pool, 1).get(0);
        channel.send(d);
        assertSame(full, outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        joinBounded(receiver);
        assertSame(d, sink.refused);
        assertTrue(sink.refusedWasOwned);
        assertTrue(sink.isEmpty());
        misuse(ACCESS_AFTER_RELEASE, d::buffer);
        PoolStatistics stats = pool.statistics();
        assertEquals(0, stats.transfers(), stats::toString);
        assertEquals(0, stats.bytesMoved(), stats::toString);
        assertEveryDescriptorBack(1, 1);
    }

    // ---- batches longer than a segment of the engine (32 cells) -------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Take.class)
    void aBatchSpanningSeveralSegmentsIsReceivedWholeAndInOrder(Take take) throws Exception {
        DescriptorPool big = DescriptorPool.builder().slotSize(128).slotCount(80).name("big").build();
        ZeroCopyChannel channel = ZeroCopyChannel.buffered(big, 80);
        List<Descriptor> batch = acquireStamped(big, 70);
        assertEquals(70, channel.trySendAll(batch));
        List<Descriptor> got = new ArrayList<>();
        while (got.size() < 70) {
            assertTrue(take.take(channel, got, 80) > 0);
        }
        assertSameDescriptors(batch, got);
        for (int i = 0; i < 70; i++) {
            assertOwnedAndUsable(got.get(i), i);
        }
        got.forEach(Descriptor::release);
        assertEquals(70, big.statistics().transfers());
        assertEveryDescriptorBack(big, 70, 0);
    }

    /** How the 40 descriptors go into the channel before the cancel. */
    enum Fill {
        ONE_BY_ONE, TRY_SEND_ALL, SEND_ALL
    }

    static Stream<Arguments> cancelCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Shape shape : List.of(Shape.BUFFERED_64, Shape.UNLIMITED)) {
            for (Fill fill : Fill.values()) {
                cases.add(Arguments.of(shape, fill));
            }
        }
        return cases.stream();
    }

    /**
     * {@code cancel} hands every buffered element to {@code onUndeliveredElement}, so every descriptor buffered goes
     * back to the pool, however it was sent. 40 descriptors fill more than one of the engine's segments (32 cells);
     * {@code ONE_BY_ONE} is the control.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cancelCases")
    void cancelGivesBackEveryDescriptorOfABatchSpanningSegments(Shape shape, Fill fill) throws Exception {
        DescriptorPool big = DescriptorPool.builder().slotSize(64).slotCount(64).name("big").build();
        ZeroCopyChannel channel = shape.of(big);
        List<Descriptor> batch = acquireStamped(big, 40);
        switch (fill) {
            case ONE_BY_ONE -> {
                for (Descriptor d : batch) {
                    channel.send(d);
                }
            }
            case TRY_SEND_ALL -> assertEquals(40, channel.trySendAll(batch));
            case SEND_ALL -> channel.sendAll(batch);
        }
        assertEquals(40, big.inUse());

        channel.cancel();
        List<Integer> stuck = new ArrayList<>();
        for (Descriptor d : batch) {
            if (isInFlight(d)) {
                stuck.add(d.slot());
            }
        }
        assertEquals(List.of(), stuck, () -> stuck.size() + " descriptors stayed in flight in the cancelled channel, "
                + "never handed to onUndeliveredElement (slots " + stuck + ")");
        for (Descriptor d : batch) {
            misuse(ACCESS_AFTER_RELEASE, d::buffer);
        }
        assertEveryDescriptorBack(big, 40, 40);
    }

    // ---- concurrent producers and consumers -------------------------------------------------------------------------

    static Stream<Arguments> concurrentCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (int producers = 1; producers <= 2; producers++) {
                for (int consumers = 1; consumers <= 2; consumers++) {
                    cases.add(Arguments.of(shape, producers, consumers));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} producers, {2} consumers")
    @MethodSource("concurrentCases")
    void producersWithSendAllAndConsumersWithReceiveManyMoveEveryDescriptorExactlyOnce(Shape shape, int producers,
                                                                                        int consumers)
            throws Exception {
        int perProducer = 10_000;
        int maxBatch = 8;
        // Enough slots that producers holding half-built batches can never starve the channel.
        DescriptorPool pool = DescriptorPool.builder().slotSize(64).slotCount(producers * maxBatch + 8)
                .name("concurrent").build();
        ZeroCopyChannel channel = shape.of(pool);
        long seed = ThreadLocalRandom.current().nextLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicIntegerArray received = new AtomicIntegerArray(producers * perProducer);

        List<Thread> producerThreads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            producerThreads.add(startCollecting("producer-" + p, failures, () -> {
                Random random = new Random(seed + producer);
                int seq = 0;
                while (seq < perProducer) {
                    int k = 1 + random.nextInt(Math.min(maxBatch, perProducer - seq));
                    List<Descriptor> batch = new ArrayList<>(k);
                    for (int i = 0; i < k; i++) {
                        Descriptor d = pool.acquire();
                        d.buffer().putInt(0, producer);
                        d.buffer().putInt(4, seq++);
                        batch.add(d.length(8));
                    }
                    channel.sendAll(batch);
                    for (Descriptor d : batch) {
                        if (d.isOwnedByCurrentThread()) {
                            throw new AssertionError("the sender still owns " + d);
                        }
                    }
                }
            }));
        }
        List<Thread> consumerThreads = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            int consumer = c;
            consumerThreads.add(startCollecting("consumer-" + c, failures, () -> {
                Random random = new Random(~seed + consumer);
                int[] last = new int[producers];
                Arrays.fill(last, -1);
                List<Descriptor> got = new ArrayList<>();
                for (;;) {
                    try {
                        channel.receiveMany(got, 1 + random.nextInt(maxBatch));
                    } catch (ClosedReceiveChannelException closed) {
                        return;
                    }
                    for (Descriptor d : got) {
                        if (!d.isOwnedByCurrentThread()) {
                            throw new AssertionError("received but not owned: " + d);
                        }
                        int producer = d.buffer().getInt(0);
                        int seq = d.buffer().getInt(4);
                        if (producer < 0 || producer >= producers || seq < 0 || seq >= perProducer) {
                            throw new AssertionError("torn stamp " + producer + "/" + seq + " in " + d);
                        }
                        if (seq <= last[producer]) {
                            throw new AssertionError("producer " + producer + ": " + seq + " after " + last[producer]);
                        }
                        last[producer] = seq;
                        received.incrementAndGet(producer * perProducer + seq);
                        d.release();
                    }
                    got.clear();
                }
            }));
        }

        joinAllBounded(producerThreads, channel);
        channel.close();
        joinAllBounded(consumerThreads, channel);
        assertTrue(failures.isEmpty(), () -> "seed " + seed + ": " + failures);
        for (int i = 0; i < received.length(); i++) {
            if (received.get(i) != 1) {
                fail("seed " + seed + ": producer " + i / perProducer + " seq " + i % perProducer + " received "
                        + received.get(i) + " times");
            }
        }
        long total = (long) producers * perProducer;
        PoolStatistics stats = pool.statistics();
        assertEquals(0, pool.inUse(), () -> "seed " + seed + ", held: " + pool.leakReport(Duration.ZERO));
        assertEquals(total, stats.acquired(), stats::toString);
        assertEquals(stats.acquired(), stats.released(), stats::toString);
        assertEquals(total, stats.transfers(), stats::toString);
        assertEquals(8 * total, stats.bytesMoved(), stats::toString);
        assertEquals(0, stats.reclaimed(), stats::toString);
        assertEquals(List.of(), pool.leakReport(Duration.ZERO));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    /**
     * The engine's cells per segment ({@code -Dloomchan.channel.segmentSize}, 32 by default), as BufferedChannel reads
     * it: a batch receive's run never crosses a segment, so the sink tests need their 5 cells in one.
     */
    private static int segmentSize() {
        return Integer.getInteger("loomchan.channel.segmentSize", 32);
    }

    /** Acquires {@code n} descriptors on the calling thread; descriptor i is stamped i at offset 0, length 4 + i. */
    private static List<Descriptor> acquireStamped(DescriptorPool pool, int n) throws InterruptedException {
        List<Descriptor> ds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Descriptor d = pool.acquire();
            d.buffer().putInt(0, i);
            ds.add(d.length(4 + i));
        }
        return ds;
    }

    /** The call throws a misuse of the given kind; returns it. */
    private static DescriptorMisuseException misuse(DescriptorMisuseException.Kind kind, Executable call) {
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, call);
        assertEquals(kind, e.kind(), e::getMessage);
        return e;
    }

    /** Whether a channel holds the descriptor now (neither free nor owned by a thread): from the leak report. */
    private static boolean isInFlight(Descriptor d) {
        return d.pool().leakReport(Duration.ZERO).stream().anyMatch(h -> h.slot() == d.slot() && h.inFlight());
    }

    /** Sent, in the channel: dead for the calling thread, which sent it. */
    private static void assertInFlightFor(Descriptor d) {
        assertFalse(d.isOwnedByCurrentThread());
        assertNull(misuse(ACCESS_AFTER_SEND, d::buffer).owner(), "in flight: no owner");
        misuse(ACCESS_AFTER_SEND, d::length);
        misuse(RELEASE_IN_FLIGHT, d::release);
    }

    /** Owned by the calling thread, stamped {@code stamp}, and its view reads and writes. */
    private static void assertOwnedAndUsable(Descriptor d, int stamp) {
        assertTrue(d.isOwnedByCurrentThread(), d::toString);
        assertEquals(stamp, d.buffer().getInt(0), d::toString);
        assertEquals(4 + stamp, d.length(), d::toString);
        d.buffer().putLong(16, 0xCAFE_0000L + stamp);
        assertEquals(0xCAFE_0000L + stamp, d.buffer().getLong(16));
    }

    private static void assertSameDescriptors(List<Descriptor> expected, List<Descriptor> actual) {
        assertEquals(expected.size(), actual.size(), () -> "expected " + expected + ", got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), actual.get(i), "descriptor " + i);
        }
    }

    /**
     * Every slot is free, the counters agree ({@code acquired} acquired, as many released, {@code reclaimed} of them by
     * a channel), no leak is reported, and each slot is in the free queue once: all of them can be acquired again, all
     * distinct, and no more.
     */
    private void assertEveryDescriptorBack(long acquired, long reclaimed) {
        assertEveryDescriptorBack(pool, acquired, reclaimed);
    }

    private static void assertEveryDescriptorBack(DescriptorPool pool, long acquired, long reclaimed) {
        PoolStatistics stats = pool.statistics();
        assertEquals(0, pool.inUse(), () -> "held: " + pool.leakReport(Duration.ZERO));
        assertEquals(0, stats.inUse(), stats::toString);
        assertEquals(acquired, stats.acquired(), stats::toString);
        assertEquals(acquired, stats.released(), stats::toString);
        assertEquals(reclaimed, stats.reclaimed(), stats::toString);
        assertEquals(List.of(), pool.leakReport(Duration.ZERO));
        Set<Descriptor> all = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < pool.slotCount(); i++) {
            Descriptor d = pool.tryAcquire();
            assertTrue(d != null && all.add(d), "slot " + i + " of " + pool.slotCount() + ": " + d);
        }
        assertNull(pool.tryAcquire(), "more descriptors than slots came back");
        all.forEach(Descriptor::release);
        assertEquals(0, pool.inUse());
    }

    /** Empty now, the channel takes exactly {@code capacity} more without waiting; they are received and freed. */
    private void assertChannelTakesExactly(ZeroCopyChannel channel, int capacity) throws InterruptedException {
        List<Descriptor> batch = acquireStamped(pool, capacity + 1);
        assertEquals(capacity, channel.trySendAll(batch), "the buffer's size");
        batch.get(capacity).release();
        List<Descriptor> got = new ArrayList<>();
        assertEquals(capacity, channel.drainTo(got, capacity + 1));
        assertSameDescriptors(batch.subList(0, capacity), got);
        got.forEach(Descriptor::release);
        assertEquals(0, pool.inUse());
    }

    /** Runs {@code task} on the other thread and returns its value, or rethrows what it threw. */
    private <T> T onOther(Callable<T> task) throws Exception {
        try {
            return other.submit(task).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
    }

    /** Something a thread runs that may throw. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Starts a virtual thread; whatever it throws completes {@code failed} exceptionally (if not done yet). */
    private Thread start(String name, Body body, CompletableFuture<?> failed) {
        Thread t = Thread.ofVirtual().name(name).start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.completeExceptionally(e);
            }
        });
        started.add(t);
        return t;
    }

    private Thread startCollecting(String name, Collection<Throwable> failures, Body body) {
        Thread t = Thread.ofVirtual().name(name).start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(new AssertionError(Thread.currentThread().getName() + " threw " + e, e));
            }
        });
        started.add(t);
        return t;
    }

    /** A sender that acquires {@code n} stamped descriptors, publishes them, and reports how its sendAll ends. */
    private Thread startSender(ZeroCopyChannel channel, int n, CompletableFuture<List<Descriptor>> batch,
                               CompletableFuture<Throwable> outcome) {
        return start("sender", () -> {
            List<Descriptor> ds = acquireStamped(pool, n);
            batch.complete(List.copyOf(ds));
            try {
                channel.sendAll(ds);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, batch);
    }

    /** Polls the thread's state until it is parked; fails if it ends first or takes longer than PATIENCE. */
    private static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (;;) {
            Thread.State state = t.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (state == Thread.State.TERMINATED) {
                fail(t.getName() + " ended instead of parking");
            }
            if (System.nanoTime() - deadline > 0) {
                fail(t.getName() + " did not park within " + PATIENCE + ": " + state + " "
                        + Arrays.toString(t.getStackTrace()));
            }
            Thread.yield();
        }
    }

    private static void joinBounded(Thread t) throws InterruptedException {
        if (!t.join(PATIENCE)) {
            fail(t.getName() + " did not finish: " + t.getState() + " " + Arrays.toString(t.getStackTrace()));
        }
    }

    /** Joins every thread within PATIENCE in all; on a time-out, cancels the channel so that nothing stays parked. */
    private static void joinAllBounded(List<Thread> threads, ZeroCopyChannel channel) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                String stack = Arrays.toString(t.getStackTrace());
                channel.cancel();
                fail(t.getName() + " did not finish: " + t.getState() + " " + stack + "; " + channel.debugString());
            }
        }
    }
}
