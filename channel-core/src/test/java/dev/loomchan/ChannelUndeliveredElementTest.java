package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Which elements reach {@code onUndeliveredElement}, exactly once, and what a failing handler does. */
@Timeout(20)
class ChannelUndeliveredElementTest extends AbstractChannelTest {

    /** A resource that must be released at most once. */
    static final class Resource {
        final String value;
        private final AtomicBoolean released = new AtomicBoolean();

        Resource(String value) {
            this.value = value;
        }

        void release() {
            if (released.getAndSet(true)) {
                throw new AssertionError("released twice: " + value);
            }
        }

        boolean isReleased() {
            return released.get();
        }

        @Override
        public String toString() {
            return "Resource(" + value + ")";
        }
    }

    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void deliveredElementIsNotReleased(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<Resource> c = kind.create(Resource::release);
        Resource res = new Resource("OK");
        Worker<Void> sender = start(threads, "sender", () -> {
            c.send(res);
            return null;
        });
        Resource got = c.receive();
        sender.join();
        assertSame(res, got);
        assertFalse(res.isReleased());
        c.close();
        assertFalse(res.isReleased());
        c.cancel();
        assertFalse(res.isReleased(), "cancel only drops what is still in the channel");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void rendezvousSendInterrupted(ThreadKind threads) {
        Channel<Resource> c = Channel.<Resource>builder().onUndeliveredElement(Resource::release).build();
        Resource res = new Resource("OK");
        Worker<Void> sender = blockedSender(threads, c, res);
        sender.thread.interrupt();
        sender.joinThrown(InterruptedException.class);
        assertTrue(res.isReleased());
        assertTrue(c.tryReceive().isFailure(), "the abandoned element is not received");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void bufferedSendInterrupted(ThreadKind threads) {
        Channel<Resource> c = Channel.<Resource>builder().capacity(1).onUndeliveredElement(Resource::release).build();
        Resource a = new Resource("A");
        Resource b = new Resource("B");
        assertTrue(c.trySend(a).isSuccess());
        Worker<Void> sender = blockedSender(threads, c, b);
        sender.thread.interrupt();
        sender.joinThrown(InterruptedException.class);
        assertFalse(a.isReleased(), "still buffered");
        assertTrue(b.isReleased(), "its send was interrupted");
        c.cancel();
        assertTrue(a.isReleased(), "dropped by cancel");
    }

    @Test
    void unlimitedCancelReleasesEverything() throws Exception {
        Channel<Resource> c = Channel.<Resource>builder().capacity(Channel.UNLIMITED)
                .onUndeliveredElement(Resource::release).build();
        Resource a = new Resource("A");
        Resource b = new Resource("B");
        c.send(a);
        c.send(b);
        assertFalse(a.isReleased());
        assertFalse(b.isReleased());
        c.cancel();
        assertTrue(a.isReleased());
        assertTrue(b.isReleased());
        c.cancel(); // idempotent: nothing released twice
    }

    @Test
    void conflatedReleasesTheReplacedElement() throws Exception {
        Channel<Resource> c = Channel.<Resource>builder().capacity(Channel.CONFLATED)
                .onUndeliveredElement(Resource::release).build();
        Resource a = new Resource("A");
        Resource b = new Resource("B");
        c.send(a);
        assertFalse(a.isReleased());
        c.send(b);
        assertTrue(a.isReleased());
        assertFalse(b.isReleased());
        c.close();
        assertFalse(b.isReleased(), "closed but still receivable");
        c.cancel();
        assertTrue(b.isReleased());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void sendToClosedChannelReleases(ChannelKind kind) {
        Channel<Resource> c = kind.create(Resource::release);
        c.close();
        Resource res = new Resource("OK");
        assertThrows(ClosedSendChannelException.class, () -> c.send(res));
        assertTrue(res.isReleased());
        Resource timed = new Resource("timed");
        assertThrows(ClosedSendChannelException.class, () -> c.send(timed, Duration.ofSeconds(5)));
        assertTrue(timed.isReleased());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void sendToCancelledChannelReleases(ChannelKind kind) {
        Channel<Resource> c = kind.create(Resource::release);
        c.cancel();
        Resource res = new Resource("OK");
        assertThrows(CancellationException.class, () -> c.send(res));
        assertTrue(res.isReleased());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void trySendOnClosedChannelDoesNotRelease(ChannelKind kind) {
        Channel<Integer> c = kind.create(x -> fail("trySend on a closed channel must keep the element: " + x));
        c.close(new IndexOutOfBoundsException());
        for (int i = 0; i < 10; i++) {
            ChannelResult<Void> r = c.trySend(3);
            assertTrue(r.isClosed());
            assertInstanceOf(IndexOutOfBoundsException.class, r.exceptionOrNull());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void handOverToWaitingReceiverDoesNotRelease(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.<Integer>builder().onUndeliveredElement(x -> fail("delivered: " + x)).build();
        Worker<Integer> receiver = blockedReceiver(threads, c);
        c.send(1);
        assertEquals(1, receiver.join());
    }

    @Test
    void bufferOverflowReleases() throws Exception {
        for (BufferOverflow policy : List.of(BufferOverflow.DROP_OLDEST, BufferOverflow.DROP_LATEST)) {
            Undelivered<Integer> dropped = new Undelivered<>();
            Channel<Integer> c = Channel.<Integer>builder().capacity(2).onBufferOverflow(policy)
                    .onUndeliveredElement(dropped).build();
            c.send(1);
            c.send(2);
            c.send(3);
            assertTrue(c.trySend(4).isSuccess());
            List<Integer> expected = policy == BufferOverflow.DROP_OLDEST ? List.of(1, 2) : List.of(3, 4);
            assertEquals(expected, dropped.list(), policy.toString());
        }
    }

    /** trySend on a DROP_LATEST channel with room does not touch the handler. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void trySendWithRoomDoesNotRelease(int capacity) {
        Undelivered<Integer> dropped = new Undelivered<>();
        Channel<Integer> c = Channel.<Integer>builder().capacity(capacity).onBufferOverflow(BufferOverflow.DROP_LATEST)
                .onUndeliveredElement(dropped).build();
        for (int i = 0; i < capacity; i++) {
            assertTrue(c.trySend(i).isSuccess());
        }
        dropped.assertNone();
    }

    /** Everything sent is either received or released, exactly once, even with a cancel in the middle. */
    @ParameterizedTest
    @MethodSource("dev.loomchan.AbstractChannelTest#kindsAndThreads")
    void cancelMidStreamLosesNothing(ChannelKind kind, ThreadKind threads) throws Exception {
        AtomicInteger released = new AtomicInteger();
        Channel<Resource> c = kind.create(r -> {
            r.release();
            released.incrementAndGet();
        });
        int n = 300;
        Resource[] all = new Resource[n];
        for (int i = 0; i < n; i++) {
            all[i] = new Resource(Integer.toString(i));
        }
        Worker<Void> producer = start(threads, "producer", () -> {
            for (Resource r : all) {
                try {
                    c.send(r);
                } catch (CancellationException e) {
                    // the send found the channel cancelled: its element was released
                }
            }
            return null;
        });
        java.util.Set<Resource> received = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < n / 3; i++) {
            // a lossy channel may hold fewer than n / 3 elements in total, so never wait on one
            ChannelResult<Resource> r = kind.lossless() ? c.receiveCatching() : c.tryReceive();
            if (r.isSuccess()) {
                assertFalse(r.getOrThrow().isReleased());
                received.add(r.getOrThrow());
            }
        }
        c.cancel();
        producer.join();
        assertEquals(n, received.size() + released.get(), "received " + received.size() + ", released " + released);
        for (Resource r : all) {
            assertTrue(r.isReleased() != received.contains(r), r + " must be either received or released");
        }
    }

    // ---- a handler that throws ----

    private static <E> Consumer<E> failing(AtomicInteger calls) {
        return e -> {
            calls.incrementAndGet();
            throw new TestException("handler failed on " + e);
        };
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void failingHandlerOnSendToClosedChannel(ChannelKind kind) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Channel<Integer> c = kind.create(failing(calls));
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(1);
        }
        c.close(new IndexOutOfBoundsException());
        RuntimeException e = assertThrows(RuntimeException.class, () -> c.send(3));
        assertTrue(e instanceof UndeliveredElementException || e instanceof ClosedSendChannelException,
                "expected UndeliveredElementException or ClosedSendChannelException, got " + e);
        Throwable handlerFailure = e instanceof UndeliveredElementException ? e.getCause() : findSuppressed(e,
                UndeliveredElementException.class);
        if (handlerFailure instanceof UndeliveredElementException u) {
            handlerFailure = u.getCause();
        }
        assertInstanceOf(TestException.class, handlerFailure, "the handler's exception must not be lost");
        assertEquals(1, calls.get());
        // the channel is still consistent
        if (kind.capacity != Channel.RENDEZVOUS) {
            assertEquals(1, c.receive());
        }
        assertThrows(ClosedReceiveChannelException.class, c::receive);
        assertTrue(c.trySend(5).isClosed());
        assertEquals(1, calls.get());
    }

    private static Throwable findSuppressed(Throwable t, Class<? extends Throwable> type) {
        for (Throwable s : t.getSuppressed()) {
            if (type.isInstance(s)) {
                return s;
            }
        }
        return null;
    }

    @Test
    void failingHandlerOnDropOldest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Channel<Integer> c = Channel.<Integer>builder().capacity(1).onBufferOverflow(BufferOverflow.DROP_OLDEST)
                .onUndeliveredElement(failing(calls)).build();
        c.send(42);
        UndeliveredElementException e = assertThrows(UndeliveredElementException.class, () -> c.send(12));
        assertInstanceOf(TestException.class, e.getCause());
        assertEquals(1, calls.get());
        assertEquals(12, c.receive(), "the new element was sent; only the dropped one failed");
        assertTrue(c.isEmpty());
        c.send(7);
        assertEquals(7, c.receive());
    }

    @Test
    void failingHandlerOnDropLatest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Channel<Integer> c = Channel.<Integer>builder().capacity(2).onBufferOverflow(BufferOverflow.DROP_LATEST)
                .onUndeliveredElement(failing(calls)).build();
        c.send(42);
        c.send(12);
        UndeliveredElementException e = assertThrows(UndeliveredElementException.class, () -> c.send(13));
        assertInstanceOf(TestException.class, e.getCause());
        assertEquals(1, calls.get());
        assertEquals(42, c.receive());
        assertEquals(12, c.receive());
        assertTrue(c.isEmpty());
    }

    @Test
    void failingHandlerOnConflated() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Channel<Integer> c = Channel.<Integer>builder().capacity(Channel.CONFLATED)
                .onUndeliveredElement(failing(calls)).build();
        c.send(42);
        assertThrows(UndeliveredElementException.class, () -> c.send(43));
        assertEquals(1, calls.get());
        assertEquals(43, c.receive());
        assertTrue(c.isEmpty());
    }

    @Test
    void failingHandlerOnCancel() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Channel<Integer> c = Channel.<Integer>builder().capacity(3).onUndeliveredElement(failing(calls)).build();
        c.send(1);
        c.send(2);
        c.send(3);
        UndeliveredElementException e = assertThrows(UndeliveredElementException.class, c::cancel);
        assertInstanceOf(TestException.class, e.getCause());
        assertEquals(3, calls.get(), "every element is handed over even when the handler fails");
        assertEquals(2, e.getSuppressed().length, "later failures are suppressed into the first");
        assertTrue(c.isClosedForSend());
        assertTrue(c.isClosedForReceive());
        assertThrows(CancellationException.class, c::receive);
        c.cancel(); // nothing left: does not throw again
        assertEquals(3, calls.get());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void failingHandlerOnInterruptedSend(ThreadKind threads) {
        AtomicInteger calls = new AtomicInteger();
        Channel<Integer> c = Channel.<Integer>builder().onUndeliveredElement(failing(calls)).build();
        Worker<Void> sender = blockedSender(threads, c, 1);
        sender.thread.interrupt();
        Throwable t = sender.joinThrown();
        assertTrue(t instanceof InterruptedException || t instanceof UndeliveredElementException,
                "expected InterruptedException or UndeliveredElementException, got " + t);
        assertEquals(1, calls.get());
        assertTrue(c.tryReceive().isFailure());
        assertFalse(c.trySend(2).isSuccess(), "still a working rendezvous channel");
    }

    @Test
    void trySendDropLatestOnFullChannelWithFailingHandler() {
        AtomicInteger calls = new AtomicInteger();
        Channel<Integer> c = Channel.<Integer>builder().capacity(1).onBufferOverflow(BufferOverflow.DROP_LATEST)
                .onUndeliveredElement(failing(calls)).build();
        assertTrue(c.trySend(1).isSuccess());
        try {
            ChannelResult<Void> r = c.trySend(2);
            assertTrue(r.isSuccess());
        } catch (UndeliveredElementException expected) {
            // the handler's failure may reach the caller
        }
        assertEquals(1, c.tryReceive().getOrNull());
        assertTrue(c.isEmpty());
    }
}
