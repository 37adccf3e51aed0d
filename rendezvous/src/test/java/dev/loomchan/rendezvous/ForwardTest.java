package dev.loomchan.rendezvous;

import dev.loomchan.ClosedSendChannelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static dev.loomchan.rendezvous.Threads.awaitBlocked;
import static dev.loomchan.rendezvous.Threads.start;
import static org.junit.jupiter.api.Assertions.*;

/** A request handed from one service to another: the answer still goes straight to the original caller. */
@Timeout(20)
class ForwardTest {

    @Test
    void theReplyOfTheLastServerReachesTheOriginalCallerWithTheRouteKept() throws Exception {
        RequestChannel<String, String> front = RequestChannel.<String, String>builder().name("front").build();
        RequestChannel<String, String> back = RequestChannel.<String, String>builder().name("back").build();
        AtomicReference<List<Hop>> routeSeenByBack = new AtomicReference<>();
        Threads.Forked frontServer = start(() -> {
            Thread.currentThread().setName("front-server");
            assertTrue(front.receive().forward(back));
        });
        Threads.Forked backServer = start(() -> {
            Request<String, String> r = back.receive();
            routeSeenByBack.set(r.route());
            r.reply(r.payload().toUpperCase());
        });
        Thread.currentThread().setName("the-caller");
        try {
            assertEquals("HELLO", front.call("hello"));
        } finally {
            Thread.currentThread().setName("main");
        }
        frontServer.join();
        backServer.join();
        assertEquals(List.of(new Hop("front", "the-caller"), new Hop("back", "front-server")), routeSeenByBack.get());
    }

    @Test
    void aFailureAfterAForwardReachesTheCaller() throws Exception {
        RequestChannel<String, String> a = RequestChannel.create();
        RequestChannel<String, String> b = RequestChannel.create();
        Threads.Forked forwarder = start(() -> a.receive().forward(b));
        Threads.Forked failer = start(() -> b.receive().fail(new UnsupportedOperationException("no")));
        RequestFailedException e = assertThrows(RequestFailedException.class, () -> a.call("x"));
        assertInstanceOf(UnsupportedOperationException.class, e.getCause());
        forwarder.join();
        failer.join();
    }

    @Test
    void aForwardedRequestCanBeForwardedAgain() throws Exception {
        RequestChannel<Integer, Integer> one = RequestChannel.<Integer, Integer>builder().name("one").build();
        RequestChannel<Integer, Integer> two = RequestChannel.<Integer, Integer>builder().name("two").build();
        RequestChannel<Integer, Integer> three = RequestChannel.<Integer, Integer>builder().name("three").build();
        Threads.Forked s1 = start(() -> one.receive().forward(two));
        Threads.Forked s2 = start(() -> two.receive().forward(three));
        AtomicReference<List<Hop>> route = new AtomicReference<>();
        Threads.Forked s3 = start(() -> {
            Request<Integer, Integer> r = three.receive();
            route.set(r.route());
            r.reply(r.payload() * 3);
        });
        assertEquals(21, one.call(7));
        s1.join();
        s2.join();
        s3.join();
        assertEquals(List.of("one", "two", "three"), route.get().stream().map(Hop::channel).toList());
    }

    @Test
    void aForwardToAClosedChannelFailsTheCallerWithTheClosedException() throws Exception {
        RequestChannel<String, String> a = RequestChannel.create();
        RequestChannel<String, String> closed = RequestChannel.create();
        closed.close();
        AtomicReference<Throwable> forwarderSaw = new AtomicReference<>();
        Threads.Forked forwarder = start(() -> forwarderSaw.set(
                assertThrows(ClosedSendChannelException.class, () -> a.receive().forward(closed))));
        RequestFailedException e = assertThrows(RequestFailedException.class, () -> a.call("x"));
        forwarder.join();
        assertSame(forwarderSaw.get(), e.getCause());
    }

    @Test
    void anInterruptedForwardFailsTheCallerWithARequestFailedException() throws Exception {
        RequestChannel<String, String> a = RequestChannel.create();
        RequestChannel<String, String> nobodyServes = RequestChannel.create();
        CountDownLatch received = new CountDownLatch(1);
        AtomicReference<Throwable> forwarderSaw = new AtomicReference<>();
        Thread forwarder = Thread.ofVirtual().start(() -> {
            try {
                Request<String, String> r = a.receive();
                received.countDown();
                r.forward(nobodyServes); // waits: no server on the next channel
            } catch (Throwable t) {
                forwarderSaw.set(t);
            }
        });
        AtomicReference<Throwable> callerSaw = new AtomicReference<>();
        Threads.Forked caller = start(() -> callerSaw.set(assertThrows(RequestFailedException.class,
                () -> a.call("x"))));
        received.await();
        awaitBlocked(forwarder); // parked in the send to nobodyServes
        forwarder.interrupt();
        forwarder.join();
        caller.join();
        assertInstanceOf(InterruptedException.class, forwarderSaw.get());
        assertInstanceOf(InterruptedException.class, callerSaw.get().getCause());
        assertTrue(nobodyServes.tryReceive().isFailure(), "the interrupted forward left nothing behind");
    }

    @Test
    void anAbandonedRequestIsNotForwarded() throws Exception {
        RequestChannel<String, String> a = RequestChannel.create();
        RequestChannel<String, String> b = RequestChannel.create();
        Request<String, String> abandoned = Threads.abandonedRequest(a, "x");
        assertFalse(abandoned.forward(b));
        assertTrue(b.tryReceive().isFailure());
    }

    @Test
    void aCallerThatGivesUpDuringAForwardLeavesTheLateReplyToTheNextChannelsHandler() throws Exception {
        RequestChannel<String, String> a = RequestChannel.create();
        Set<String> undeliveredAtB = ConcurrentHashMap.newKeySet();
        RequestChannel<String, String> b = RequestChannel.<String, String>builder()
                .onUndeliveredReply(undeliveredAtB::add).build();
        CountDownLatch forwarding = new CountDownLatch(1);
        Threads.Forked forwarder = start(() -> {
            Request<String, String> r = a.receive();
            forwarding.countDown();
            r.forward(b);
        });
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                a.call("x");
            } catch (InterruptedException expected) {
                // gave up
            }
        });
        forwarding.await();
        awaitBlocked(forwarder); // the forwarder waits in b with the request
        awaitBlocked(caller);
        caller.interrupt();
        caller.join();
        Request<String, String> r = b.receive();
        forwarder.join();
        assertTrue(r.isAbandoned());
        assertFalse(r.reply("late"));
        assertEquals(Set.of("late"), undeliveredAtB);
    }

    @Test
    void onlyLoomchanRequestChannelsCanBeForwardedTo() throws Exception {
        RequestChannel<String, String> a = RequestChannel.create();
        AtomicReference<Throwable> saw = new AtomicReference<>();
        Threads.Forked server = start(() -> {
            Request<String, String> r = a.receive();
            saw.set(assertThrows(IllegalArgumentException.class, () -> r.forward(null)));
            r.reply("still answerable");
        });
        assertEquals("still answerable", a.call("x"));
        server.join();
        assertTrue(saw.get().getMessage().contains("null"));
    }
}
