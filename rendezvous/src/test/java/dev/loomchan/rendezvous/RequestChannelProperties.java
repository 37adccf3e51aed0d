package dev.loomchan.rendezvous;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random clients and servers over two request channels: clients call with or without time limits and some are
 * interrupted at random moments; front servers reply, fail, answer slowly or forward to back servers, which reply or
 * fail. Each run checks that every call ended in exactly its own reply, its own failure, or its own time-out or
 * interrupt; that a request withdrawn before any server took it was never seen by one; that every reply a server gave
 * reached its caller or the undelivered-reply handler, once; and that the channels close with every thread ended.
 */
class RequestChannelProperties {

    enum Action { REPLY, FAIL, SLOW_REPLY, FORWARD_REPLY, FORWARD_FAIL }

    enum Mode { PLAIN, TIMED, INTERRUPTED }

    record Job(int id, Action action) {
    }

    record Client(Mode mode, List<Action> calls) {
    }

    record Scenario(int frontServers, int backServers, List<Client> clients) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Client> client = Combinators.combine(Arbitraries.of(Mode.class),
                Arbitraries.of(Action.class).list().ofMinSize(1).ofMaxSize(12)).as(Client::new);
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 2),
                client.list().ofMinSize(1).ofMaxSize(5)).as(Scenario::new);
    }

    /** What every thread of a run records. */
    static final class Run {
        final Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
        final Set<Integer> seenByServers = ConcurrentHashMap.newKeySet();
        final Set<Integer> repliedDelivered = ConcurrentHashMap.newKeySet();
        final Set<Integer> repliedUndelivered = ConcurrentHashMap.newKeySet();
        final Set<Integer> failedDelivered = ConcurrentHashMap.newKeySet();
        final Set<String> undeliveredReplies = ConcurrentHashMap.newKeySet();
        final AtomicInteger duplicates = new AtomicInteger();
        final Set<Throwable> unexpected = ConcurrentHashMap.newKeySet();
    }

    @Property(tries = 150)
    void everyCallEndsInExactlyItsOwnOutcome(@ForAll("scenarios") Scenario scenario) throws Exception {
        Run run = new Run();
        RequestChannel<Job, String> front = RequestChannel.<Job, String>builder().name("front")
                .onUndeliveredReply(r -> record(run, run.undeliveredReplies.add(r))).build();
        RequestChannel<Job, String> back = RequestChannel.<Job, String>builder().name("back")
                .onUndeliveredReply(r -> record(run, run.undeliveredReplies.add(r))).build();

        List<Thread> servers = new ArrayList<>();
        for (int i = 0; i < scenario.frontServers(); i++) {
            servers.add(serve(run, front, back));
        }
        for (int i = 0; i < scenario.backServers(); i++) {
            servers.add(serve(run, back, null));
        }
        List<Thread> clients = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        int id = 0;
        for (Client c : scenario.clients()) {
            List<Job> mine = new ArrayList<>();
            for (Action a : c.calls()) {
                Job job = new Job(id++, a);
                mine.add(job);
                jobs.add(job);
            }
            clients.add(Thread.ofVirtual().start(() -> callAll(run, front, c.mode(), mine)));
        }
        for (int i = 0; i < clients.size(); i++) {
            if (scenario.clients().get(i).mode() == Mode.INTERRUPTED) {
                Thread victim = clients.get(i);
                for (int k = 0; k < 3 && victim.isAlive(); k++) {
                    LockSupport.parkNanos(200_000);
                    victim.interrupt();
                }
            }
        }
        for (Thread t : clients) {
            t.join();
        }
        front.close();
        back.close();
        for (Thread t : servers) {
            t.join(10_000);
            assertFalse(t.isAlive(), "a server did not end after the close");
        }

        assertEquals(Set.of(), run.unexpected);
        assertEquals(0, run.duplicates.get(), "a request was seen twice by servers, or a reply recorded twice");
        for (Job job : jobs) {
            Object outcome = run.outcomes.get(job.id());
            assertNotNull(outcome, "no outcome for " + job);
            checkOutcome(run, job, outcome);
        }
        assertEquals(jobs.size(), run.outcomes.size());
        Set<String> expectedUndelivered = ConcurrentHashMap.newKeySet();
        for (int undelivered : run.repliedUndelivered) {
            expectedUndelivered.add("r" + undelivered);
        }
        assertEquals(expectedUndelivered, run.undeliveredReplies, "undelivered replies reach the handler, once");
    }

    private static void checkOutcome(Run run, Job job, Object outcome) {
        int id = job.id();
        if (outcome instanceof String reply) {
            assertEquals("r" + id, reply, "a caller got another call's reply");
            assertTrue(run.repliedDelivered.contains(id), "a reply no server gave as delivered: " + job);
        } else if (outcome instanceof RequestFailedException f) {
            assertEquals("failed " + id, f.getCause().getMessage(), "a caller got another call's failure");
            assertTrue(run.failedDelivered.contains(id));
        } else if (outcome instanceof TimeoutException || outcome instanceof InterruptedException) {
            String message = ((Exception) outcome).getMessage();
            if (message.contains("before any server took it") || message.contains("not sent")) {
                assertFalse(run.seenByServers.contains(id), "a withdrawn request reached a server: " + job);
            } else {
                assertTrue(message.contains("abandoned"), message);
            }
            assertFalse(run.repliedDelivered.contains(id) || run.failedDelivered.contains(id),
                    "an answer was delivered to a caller that gave up: " + job);
        } else {
            fail("unexpected outcome for " + job + ": " + outcome);
        }
    }

    private static void callAll(Run run, RequestChannel<Job, String> front, Mode mode, List<Job> jobs) {
        for (Job job : jobs) {
            Object outcome;
            try {
                outcome = mode == Mode.TIMED
                        ? front.call(job, Duration.ofNanos(job.id() % 4 * 300_000L))
                        : front.call(job);
            } catch (RequestFailedException | TimeoutException | InterruptedException e) {
                outcome = e;
            } catch (Throwable t) {
                run.unexpected.add(t);
                outcome = t;
            }
            Thread.interrupted(); // an interrupt that lost to a reply stays set: clear it for the next call
            if (run.outcomes.put(job.id(), outcome) != null) {
                run.duplicates.incrementAndGet();
            }
        }
    }

    private static Thread serve(Run run, RequestChannel<Job, String> from, RequestChannel<Job, String> next) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (;;) {
                    Request<Job, String> r = from.receive();
                    Job job = r.payload();
                    if (next != null && !run.seenByServers.add(job.id())) {
                        run.duplicates.incrementAndGet();
                    }
                    answer(run, r, job, next);
                }
            } catch (dev.loomchan.ClosedReceiveChannelException closed) {
                // the end
            } catch (Throwable t) {
                run.unexpected.add(t);
            }
        });
    }

    private static void answer(Run run, Request<Job, String> r, Job job, RequestChannel<Job, String> next)
            throws InterruptedException {
        Action a = job.action();
        if (next != null && (a == Action.FORWARD_REPLY || a == Action.FORWARD_FAIL)) {
            try {
                r.forward(next);
            } catch (InterruptedException e) {
                throw new AssertionError("servers are never interrupted", e);
            }
            return;
        }
        if (a == Action.SLOW_REPLY) {
            LockSupport.parkNanos(500_000);
        }
        if (a == Action.FAIL || a == Action.FORWARD_FAIL) {
            if (r.fail(new IllegalStateException("failed " + job.id()))) {
                record(run, run.failedDelivered.add(job.id()));
            }
        } else if (r.reply("r" + job.id())) {
            record(run, run.repliedDelivered.add(job.id()));
        } else {
            record(run, run.repliedUndelivered.add(job.id()));
        }
    }

    private static void record(Run run, boolean added) {
        if (!added) {
            run.duplicates.incrementAndGet();
        }
    }
}
