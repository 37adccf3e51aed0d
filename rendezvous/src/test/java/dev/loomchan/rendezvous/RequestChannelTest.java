package dev.loomchan.rendezvous;

import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.cancellation.Timeouts;
import dev.loomchan.select.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.loomchan.rendezvous.Threads.awaitBlocked;
import static dev.loomchan.rendezvous.Threads.start;
import static org.junit.jupiter.api.Assertions.*;

/** Every outcome of a call, seen from the caller and from the server. */
@Timeout(20)
class RequestChannelTest {

    @Test
    void aCallGetsTheServersReply() throws Exception {
        RequestChannel<String, Integer> lengths = RequestChannel.create();
        Threads.Forked server = start(() -> lengths.serve(String::length));
        assertEquals(5, lengths.call("hello"));
        assertEquals(0, lengths.call(""));
        lengths.close();
        server.join();
    }

    @Test
    void aServerWaitingFirstAndACallerWaitingFirstBothWork() throws Exception {
        RequestChannel<Integer, Integer> square = RequestChannel.create();
        // The server waits first: the call is handed straight to it.
        Threads.Forked server = start(() -> {
            Request<Integer, Integer> r = square.receive();
            r.reply(r.payload() * r.payload());
        });
        awaitBlocked(server);
        assertEquals(49, square.call(7));
        server.join();
        // The caller waits first: the call sits in its cell until the server comes.
        AtomicReference<Integer> got = new AtomicReference<>();
        Threads.Forked caller = start(() -> got.set(square.call(9)));
        awaitBlocked(caller);
        Request<Integer, Integer> r = square.receive();
        assertEquals(9, r.payload());
        assertTrue(r.reply(81));
        caller.join();
        assertEquals(81, got.get());
    }

    @Test
    void manyCallersAndServersEachCallGetsItsOwnReply() throws Exception {
        RequestChannel<Integer, Integer> doubler = RequestChannel.create();
        List<Threads.Forked> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(start(() -> doubler.serve(x -> 2 * x)));
        }
        AtomicInteger wrong = new AtomicInteger();
        List<Threads.Forked> callers = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int base = c * 10_000;
            callers.add(start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    if (doubler.call(base + i) != 2 * (base + i)) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        for (Threads.Forked t : callers) {
            t.join();
        }
        doubler.close();
        for (Threads.Forked t : servers) {
            t.join();
        }
        assertEquals(0, wrong.get());
    }

    @Test
    void aNullReplyIsAReply() throws Exception {
        RequestChannel<String, Void> sink = RequestChannel.create();
        Threads.Forked server = start(() -> sink.serve(s -> null));
        assertNull(sink.call("x"));
        sink.close();
        server.join();
    }

    @Test
    void badInputIsRefusedWithAClearException() {
        RequestChannel<String, String> ch = RequestChannel.create();
        NullPointerException npe = assertThrows(NullPointerException.class, () -> ch.call(null));
        assertEquals("request", npe.getMessage());
        assertThrows(NullPointerException.class, () -> ch.call(null, Duration.ofMillis(1)));
        assertThrows(NullPointerException.class, () -> ch.tryCall(null));
        assertThrows(NullPointerException.class, () -> ch.call("x", null));
        assertThrows(NullPointerException.class, () -> ch.serve(null));
        assertThrows(NullPointerException.class, () -> ch.onRequest(null));
        assertThrows(NullPointerException.class, () -> RequestChannel.builder().name(null));
        assertThrows(NullPointerException.class, () -> RequestChannel.builder().onUndeliveredReply(null));
        assertTrue(ch.tryReceive().isFailure(), "nothing was sent");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Failures
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void aServerFailureReachesTheCallerWithTheServersCause() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.<String, String>builder().name("svc").build();
        IllegalStateException cause = new IllegalStateException("disk full");
        Threads.Forked server = start(() -> assertTrue(ch.receive().fail(cause)));
        RequestFailedException e = assertThrows(RequestFailedException.class, () -> ch.call("write"));
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains("svc"), e.getMessage());
        server.join();
    }

    @Test
    void aThrowingHandlerFailsThatRequestAndServingGoesOn() throws Exception {
        RequestChannel<Integer, Integer> ch = RequestChannel.create();
        Threads.Forked server = start(() -> ch.serve(x -> {
            if (x < 0) {
                throw new IllegalArgumentException("negative: " + x);
            }
            return x + 1;
        }));
        RequestFailedException e = assertThrows(RequestFailedException.class, () -> ch.call(-1));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("negative: -1", e.getCause().getMessage());
        assertEquals(2, ch.call(1), "the server still serves");
        ch.close();
        server.join();
    }

    @Test
    void anErrorInTheHandlerFailsTheRequestAndEndsTheServer() throws Exception {
        RequestChannel<Integer, Integer> ch = RequestChannel.create();
        AtomicReference<Throwable> serverEnd = new AtomicReference<>();
        Thread server = Thread.ofVirtual().start(() -> {
            try {
                ch.serve(x -> {
                    throw new StackOverflowError("deep");
                });
            } catch (Throwable t) {
                serverEnd.set(t);
            }
        });
        RequestFailedException e = assertThrows(RequestFailedException.class, () -> ch.call(1));
        assertInstanceOf(StackOverflowError.class, e.getCause());
        server.join();
        assertInstanceOf(StackOverflowError.class, serverEnd.get());
    }

    @Test
    void aRequestIsAnsweredOnce() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        CountDownLatch checked = new CountDownLatch(1);
        Threads.Forked server = start(() -> {
            Request<String, String> r = ch.receive();
            assertTrue(r.reply("first"));
            assertThrows(IllegalStateException.class, () -> r.reply("second"));
            assertThrows(IllegalStateException.class, () -> r.fail(new RuntimeException()));
            assertThrows(IllegalStateException.class, () -> r.forward(RequestChannel.create()));
            assertThrows(NullPointerException.class, () -> r.fail(null));
            assertFalse(r.isAbandoned());
            checked.countDown();
        });
        assertEquals("first", ch.call("q"));
        checked.await();
        server.join();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Giving up: withdrawn before a server took the call, abandoned after
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void aCallWithNoServerTimesOutAndIsWithdrawn() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        TimeoutException e = assertThrows(TimeoutException.class, () -> ch.call("lost", Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("before any server took it"), e.getMessage());
        assertTrue(ch.tryReceive().isFailure(), "a withdrawn call is never seen by a server");
        // The channel is consistent: the next call and server meet as usual.
        Threads.Forked server = start(() -> ch.serve(s -> s + "!"));
        assertEquals("next!", ch.call("next"));
        ch.close();
        server.join();
    }

    @Test
    void aZeroOrNegativeTimeoutWithNoServerTimesOutAtOnce() {
        RequestChannel<String, String> ch = RequestChannel.create();
        assertThrows(TimeoutException.class, () -> ch.call("a", Duration.ZERO));
        assertThrows(TimeoutException.class, () -> ch.call("b", Duration.ofSeconds(-1)));
        assertTrue(ch.tryReceive().isFailure());
    }

    @Test
    void anInterruptedCallerWaitingForAServerWithdrawsItsRequest() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                ch.call("never seen");
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        awaitBlocked(caller);
        caller.interrupt();
        caller.join();
        assertInstanceOf(InterruptedException.class, outcome.get());
        assertTrue(ch.tryReceive().isFailure());
        assertNull(ch.receive(Duration.ofMillis(10)), "no server ever sees a withdrawn request");
    }

    @Test
    void aCallerInterruptedBeforeCallingSendsNothing() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        Threads.Forked server = start(() -> ch.serve(s -> s));
        awaitBlocked(server);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ch.call("x"));
        assertFalse(Thread.interrupted());
        assertEquals("y", ch.call("y"));
        ch.close();
        server.join();
    }

    @Test
    void aCallHandedStraightToAServerThatTimesOutIsAbandonedAndTheLateReplyGoesToTheHandler() throws Exception {
        timeOutWhileServed(true);
    }

    @Test
    void aCallTakenFromItsCellThatTimesOutIsAbandonedAndTheLateReplyGoesToTheHandler() throws Exception {
        timeOutWhileServed(false);
    }

    private void timeOutWhileServed(boolean serverWaitsFirst) throws Exception {
        Set<String> undelivered = ConcurrentHashMap.newKeySet();
        RequestChannel<String, String> ch = RequestChannel.<String, String>builder()
                .name("slow").onUndeliveredReply(undelivered::add).build();
        CountDownLatch callerGaveUp = new CountDownLatch(1);
        AtomicReference<Object> serverSaw = new AtomicReference<>();
        CountDownLatch callerWaits = new CountDownLatch(serverWaitsFirst ? 0 : 1);
        Threads.Forked server = start(() -> {
            callerWaits.await();
            Request<String, String> r = ch.receive();
            callerGaveUp.await();
            serverSaw.set(List.of(r.isAbandoned(), r.reply("late reply")));
        });
        if (serverWaitsFirst) {
            awaitBlocked(server); // parked in receive before the call: the call is handed straight to it
        }
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        // Long enough for the server to take a call that waits in its cell first, even on a loaded machine.
        Duration timeout = Duration.ofMillis(serverWaitsFirst ? 50 : 500);
        Threads.Forked caller = start(() -> outcome.set(
                assertThrows(TimeoutException.class, () -> ch.call("q", timeout))));
        if (!serverWaitsFirst) {
            awaitBlocked(caller); // parked in its cell
            callerWaits.countDown();
        }
        caller.join();
        callerGaveUp.countDown();
        server.join();
        assertEquals(List.of(true, false), serverSaw.get(), "abandoned, and the reply was not delivered");
        assertEquals(Set.of("late reply"), undelivered);
        assertTrue(outcome.get().getMessage().contains("abandoned"), outcome.get().getMessage());
    }

    @Test
    void aFailureOfAnAbandonedRequestIsDroppedAndNotHandedToTheReplyHandler() throws Exception {
        AtomicInteger undelivered = new AtomicInteger();
        RequestChannel<String, String> ch = RequestChannel.<String, String>builder()
                .onUndeliveredReply(r -> undelivered.incrementAndGet()).build();
        Request<String, String> held = Threads.abandonedRequest(ch, "q");
        assertTrue(held.isAbandoned());
        assertFalse(held.fail(new RuntimeException("too late")));
        assertThrows(IllegalStateException.class, () -> held.reply("again"), "still answered only once");
        assertEquals(0, undelivered.get());
    }

    @Test
    void anInterruptThatComesAfterTheReplyKeepsTheReplyAndTheInterruptFlag() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicBoolean interruptSent = new AtomicBoolean();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                String reply = ch.call("q");
                while (!interruptSent.get()) {
                    Thread.onSpinWait();
                }
                outcome.set(List.of(reply, Thread.currentThread().isInterrupted()));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        Request<String, String> r = ch.receive();
        awaitBlocked(caller);
        r.reply("answer");
        caller.interrupt(); // lands while the caller wakes or after it returned: the reply is kept either way
        interruptSent.set(true);
        caller.join();
        assertEquals(List.of("answer", true), outcome.get(), "the reply, and the interrupt flag still set");
    }

    @Test
    void aCallInsideAStructuredTimeoutIsWithdrawnWhenTheTimeoutFires() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        assertNull(Timeouts.withTimeoutOrNull(Duration.ofMillis(30), () -> ch.call("nobody serves")));
        assertTrue(ch.tryReceive().isFailure());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Close
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void closeFailsWaitingAndLaterCallsAndEndsServers() throws Exception {
        RequestChannel<Integer, Integer> ch = RequestChannel.create();
        List<Thread> callers = new ArrayList<>();
        Set<Throwable> failures = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            int q = i;
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    ch.call(q);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : callers) {
            awaitBlocked(t);
        }
        assertTrue(ch.close());
        assertFalse(ch.close(), "closed once");
        assertTrue(ch.isClosed());
        for (Thread t : callers) {
            t.join();
        }
        assertEquals(5, failures.size());
        for (Throwable t : failures) {
            assertInstanceOf(ClosedSendChannelException.class, t);
        }
        assertThrows(ClosedSendChannelException.class, () -> ch.call(9));
        assertTrue(ch.tryCall(9).isClosed());
        assertThrows(ClosedReceiveChannelException.class, ch::receive);
        assertTrue(ch.tryReceive().isClosed());
        ch.serve(x -> x); // returns at once
    }

    @Test
    void aRequestAServerHoldsAtTheCloseIsStillAnswered() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        AtomicReference<Request<String, String>> held = new AtomicReference<>();
        CountDownLatch taken = new CountDownLatch(1);
        Threads.Forked server = start(() -> {
            held.set(ch.receive());
            taken.countDown();
        });
        AtomicReference<String> got = new AtomicReference<>();
        Threads.Forked caller = start(() -> got.set(ch.call("in service")));
        taken.await();
        server.join();
        ch.close();
        assertTrue(held.get().reply("served anyway"));
        caller.join();
        assertEquals("served anyway", got.get());
    }

    @Test
    void aServingLoopEndsWhenTheChannelCloses() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        Threads.Forked server = start(() -> ch.serve(s -> s));
        awaitBlocked(server);
        ch.close();
        server.join(); // the test's time limit catches a loop that does not end
    }

    @Test
    void anInterruptedServingLoopThrowsInterruptedException() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        AtomicReference<Throwable> end = new AtomicReference<>();
        Thread server = Thread.ofVirtual().start(() -> {
            try {
                ch.serve(s -> s);
            } catch (Throwable t) {
                end.set(t);
            }
        });
        awaitBlocked(server);
        server.interrupt();
        server.join();
        assertInstanceOf(InterruptedException.class, end.get());
        // The channel lost nothing: a new server and caller still meet.
        Threads.Forked next = start(() -> ch.serve(s -> s + s));
        assertEquals("abab", ch.call("ab"));
        ch.close();
        next.join();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // tryCall, receive variants, select
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void tryCallReturnsAtOnceWhenNoServerWaits() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        assertTrue(ch.tryCall("x").isFailure());
        assertTrue(ch.tryReceive().isFailure(), "nothing was left in the channel");
        Threads.Forked server = start(() -> ch.serve(String::toUpperCase));
        awaitBlocked(server);
        ChannelResult<String> r = ch.tryCall("x");
        assertEquals(ChannelResult.success("X"), r);
        ch.close();
        server.join();
        assertTrue(ch.tryCall("x").isClosed());
    }

    @Test
    void tryCallReportsAServerFailure() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        Threads.Forked server = start(() -> ch.receive().fail(new ArithmeticException("no")));
        awaitBlocked(server);
        RequestFailedException e = assertThrows(RequestFailedException.class, () -> ch.tryCall("x"));
        assertInstanceOf(ArithmeticException.class, e.getCause());
        server.join();
    }

    @Test
    void timedReceiveReturnsNullWhenNoCallerCame() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.create();
        assertNull(ch.receive(Duration.ofMillis(5)));
        AtomicReference<String> got = new AtomicReference<>();
        Threads.Forked caller = start(() -> got.set(ch.call("q")));
        awaitBlocked(caller);
        Request<String, String> r = ch.receive(Duration.ofSeconds(5));
        assertNotNull(r);
        r.reply("a");
        caller.join();
        assertEquals("a", got.get());
    }

    @Test
    void aSelectCanServeRequests() throws Exception {
        RequestChannel<Integer, Integer> plusOne = RequestChannel.create();
        RequestChannel<Integer, Integer> minusOne = RequestChannel.create();
        Threads.Forked server = start(() -> {
            for (int i = 0; i < 4; i++) {
                String served = Select.select(
                        plusOne.onRequest(r -> r.reply(r.payload() + 1) ? "plus" : "lost"),
                        minusOne.onRequest(r -> r.reply(r.payload() - 1) ? "minus" : "lost"));
                assertNotEquals("lost", served);
            }
        });
        assertEquals(11, plusOne.call(10));
        assertEquals(9, minusOne.call(10));
        assertEquals(2, plusOne.call(1));
        assertEquals(0, minusOne.call(1));
        server.join();
    }

    @Test
    void statisticsCountCallsWithdrawalsAndIdleServers() throws Exception {
        RequestChannel<String, String> ch = RequestChannel.<String, String>builder().name("counted").build();
        assertThrows(TimeoutException.class, () -> ch.call("withdrawn", Duration.ofMillis(5)));
        Threads.Forked server = start(() -> ch.serve(s -> s));
        for (int i = 0; i < 10; i++) {
            ch.call("q" + i);
        }
        awaitBlocked(server);
        dev.loomchan.ChannelStatistics s = ch.statistics();
        assertEquals("counted", s.name());
        assertEquals(10, s.received());
        assertEquals(1, s.cancelledSenders());
        assertEquals(1, s.waitingReceivers(), "the idle server");
        assertTrue(dev.loomchan.ChannelRegistry.statistics().stream().anyMatch(x -> x.name().equals("counted")));
        ch.close();
        server.join();
    }

    @Test
    void toStringAndNameTellTheChannelApart() {
        RequestChannel<String, String> named = RequestChannel.<String, String>builder().name("billing").build();
        assertEquals("billing", named.name());
        assertTrue(named.toString().contains("billing"), named.toString());
        assertTrue(RequestChannel.create().name().startsWith("RequestChannel@"));
    }
}
