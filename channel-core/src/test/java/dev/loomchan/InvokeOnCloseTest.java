package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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

/** {@link SendChannel#invokeOnClose}: one handler, run exactly once with the close cause. */
@Timeout(20)
class InvokeOnCloseTest extends AbstractChannelTest {

    /** Records every call: how many and with what. */
    private static final class Recorder implements java.util.function.Consumer<Throwable> {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Throwable> cause = new AtomicReference<>();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        @Override
        public void accept(Throwable t) {
            calls.incrementAndGet();
            cause.set(t);
            thread.set(Thread.currentThread());
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void runsOnCloseWithTheCause(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        c.trySend(42);
        assertEquals(0, r.calls.get(), "not before the close");
        AssertionError cause = new AssertionError("cause");
        c.close(cause);
        assertEquals(1, r.calls.get());
        assertSame(cause, r.cause.get());
        assertSame(Thread.currentThread(), r.thread.get(), "runs on the closing thread");
        c.close();
        c.cancel();
        assertEquals(1, r.calls.get(), "runs exactly once");
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void runsOnPlainCloseWithNull(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        c.close();
        assertEquals(1, r.calls.get());
        assertNull(r.cause.get());
    }

    /** The handler runs on close even though elements remain to be received. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void runsOnCloseNotOnDrain(ChannelKind kind) throws Exception {
        if (kind.capacity == Channel.RENDEZVOUS) {
            return;
        }
        Channel<Integer> c = kind.create();
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        c.send(1);
        c.close();
        assertEquals(1, r.calls.get());
        assertEquals(1, c.receive());
        assertEquals(1, r.calls.get());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void runsAtOnceWhenAlreadyClosed(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        TestException cause = new TestException("early");
        c.close(cause);
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        assertEquals(1, r.calls.get());
        assertSame(cause, r.cause.get());
        assertSame(Thread.currentThread(), r.thread.get());
        Recorder second = new Recorder();
        assertThrows(IllegalStateException.class, () -> c.invokeOnClose(second));
        assertEquals(0, second.calls.get());
        assertEquals(1, r.calls.get());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void secondRegistrationFails(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        c.invokeOnClose(first);
        assertThrows(IllegalStateException.class, () -> c.invokeOnClose(second));
        c.close();
        assertEquals(1, first.calls.get());
        assertEquals(0, second.calls.get());
        assertThrows(IllegalStateException.class, () -> c.invokeOnClose(new Recorder()));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void runsOnCancel(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        c.cancel();
        assertEquals(1, r.calls.get());
        assertInstanceOf(CancellationException.class, r.cause.get());
        c.cancel();
        c.close();
        assertEquals(1, r.calls.get());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void runsOnCancelWithCause(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        TestException cause = new TestException("timeout");
        c.cancel(cause);
        assertEquals(1, r.calls.get());
        Throwable seen = r.cause.get();
        assertTrue(seen == cause || (seen instanceof CancellationException && seen.getCause() == cause),
                "the handler sees the cancel cause, directly or inside a CancellationException: " + seen);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void cancelAfterCloseDoesNotRunItAgain(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        c.close();
        c.cancel();
        assertEquals(1, r.calls.get());
        assertNull(r.cause.get());
    }

    /** A throwing handler does not leave the channel half-closed. */
    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void throwingHandler(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        AtomicInteger calls = new AtomicInteger();
        c.invokeOnClose(cause -> {
            assertNull(cause);
            calls.incrementAndGet();
            throw new TestException("handler");
        });
        try {
            c.close();
        } catch (TestException expected) {
            // the handler's exception may reach the closing thread
        }
        assertEquals(1, calls.get());
        assertTrue(c.isClosedForReceive());
        assertTrue(c.isClosedForSend());
        assertFalse(c.close());
        assertEquals(1, calls.get());
        assertThrows(ClosedSendChannelException.class, () -> c.send(1));
    }

    /** A registration racing with the close still runs the handler exactly once. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void registrationRacingWithClose(ThreadKind threads) throws Exception {
        for (int round = 0; round < 200; round++) {
            Channel<Integer> c = Channel.buffered(1);
            Recorder r = new Recorder();
            try (ExecutorService ex = threads.newExecutor()) {
                List<Future<?>> fs = new ArrayList<>();
                fs.add(ex.submit(() -> c.invokeOnClose(r)));
                fs.add(ex.submit(() -> c.close()));
                for (Future<?> f : fs) {
                    f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                }
            }
            assertEquals(1, r.calls.get(), "round " + round);
        }
    }

    /** The handler runs on whichever thread closes the channel. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void handlerRunsOnTheClosingThread(ThreadKind threads) {
        Channel<Integer> c = Channel.rendezvous();
        Recorder r = new Recorder();
        c.invokeOnClose(r);
        Worker<Boolean> closer = start(threads, "closer", c::close);
        assertTrue(closer.join());
        assertSame(closer.thread, r.thread.get());
    }
}
