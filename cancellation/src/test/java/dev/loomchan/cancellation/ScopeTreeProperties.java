package dev.loomchan.cancellation;

import dev.loomchan.Channel;
import dev.loomchan.select.Select;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random trees of scopes (ordinary and supervised, depth up to 3), whose forks finish, fail, cancel their scope, block
 * in a send, a receive or a select, or run a nested scope. Every run checks: no thread of the tree is alive after the
 * root returns; the root throws exactly the failures that reach it (the first, the others suppressed), else
 * {@link CancellationException} if it was cancelled, else returns; every element offered to a channel was received
 * or handed to {@code onUndeliveredElement}, exactly once.
 */
class ScopeTreeProperties {

    /** What one fork (or a scope's body, for the last three) does. */
    enum Action { FINISH, FAIL, CANCEL_SCOPE, BLOCKED_SEND, BLOCKED_RECEIVE, BLOCKED_SELECT, EXCHANGE, NESTED }

    record Node(boolean supervised, List<Action> forks, List<Node> nested, Action bodyEnd) {
        @Override
        public String toString() {
            return (supervised ? "supervised" : "scope") + forks + (nested.isEmpty() ? "" : nested.toString())
                    + "->" + bodyEnd;
        }
    }

    @Provide
    Arbitrary<Node> trees() {
        return tree(3);
    }

    private Arbitrary<Node> tree(int depth) {
        Arbitrary<Action> leaf = Arbitraries.of(Action.FINISH, Action.FAIL, Action.CANCEL_SCOPE, Action.BLOCKED_SEND,
                Action.BLOCKED_RECEIVE, Action.BLOCKED_SELECT, Action.EXCHANGE);
        Arbitrary<List<Node>> nested = depth <= 1 ? Arbitraries.just(List.of())
                : Arbitraries.lazy(() -> tree(depth - 1)).list().ofMaxSize(2);
        return net.jqwik.api.Combinators.combine(Arbitraries.of(true, false), leaf.list().ofMaxSize(4), nested,
                        Arbitraries.of(Action.FINISH, Action.FAIL, Action.CANCEL_SCOPE))
                .as(Node::new);
    }

    /** Everything a run records, shared by all threads of the tree. */
    static final class Run {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final Set<Throwable> failuresReachingRoot = ConcurrentHashMap.newKeySet();
        final AtomicLong nextElement = new AtomicLong();
        final AtomicInteger offered = new AtomicInteger();
        final Set<Long> received = ConcurrentHashMap.newKeySet();
        final Set<Long> undelivered = ConcurrentHashMap.newKeySet();
        final AtomicInteger duplicates = new AtomicInteger();
        final List<Channel<Long>> channels = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean rootCancelled;

        Channel<Long> newChannel(int capacity) {
            Channel<Long> c = Channel.<Long>builder().capacity(capacity).onUndeliveredElement(e -> {
                if (!undelivered.add(e)) {
                    duplicates.incrementAndGet();
                }
            }).build();
            channels.add(c);
            return c;
        }

        void receivedOne(Long e) {
            if (e != null && !received.add(e)) {
                duplicates.incrementAndGet();
            }
        }

        long offer() {
            offered.incrementAndGet();
            return nextElement.incrementAndGet();
        }
    }

    @Property(tries = 60)
    void everyThreadEndsTheRightExceptionSurfacesAndNothingIsLost(@ForAll("trees") Node root) throws Exception {
        Run run = new Run();
        Throwable thrown = null;
        try {
            if (root.supervised) {
                Scope.supervised(scope -> runNode(root, scope, run, true, true));
            } else {
                Scope.run(scope -> runNode(root, scope, run, true, true));
            }
        } catch (Throwable t) {
            thrown = t;
        }
        assertFalse(Thread.interrupted(), "an interrupt leaked out of the root scope");
        for (Thread t : run.threads) {
            assertFalse(t.isAlive(), "a thread outlived the root scope: " + t);
        }
        for (Channel<Long> c : run.channels) {
            c.cancel(); // buffered leftovers go to onUndeliveredElement
        }
        assertEquals(0, run.duplicates.get(), "an element was delivered twice");
        assertEquals(run.offered.get(), run.received.size() + run.undelivered.size(), "elements were lost");

        if (!run.failuresReachingRoot.isEmpty()) {
            assertNotNull(thrown, "failures reached the root but it returned");
            Set<Throwable> surfaced = ConcurrentHashMap.newKeySet();
            surfaced.add(thrown);
            surfaced.addAll(List.of(thrown.getSuppressed()));
            assertTrue(run.failuresReachingRoot.contains(thrown), "the root threw " + thrown);
            assertEquals(run.failuresReachingRoot, surfaced);
        } else if (run.rootCancelled) {
            if (!(thrown instanceof CancellationException)) {
                throw new AssertionError("the root was cancelled and nothing failed, yet it ended with " + thrown, thrown);
            }
        } else {
            if (thrown != null) {
                throw new AssertionError("nothing failed and nothing cancelled the root, yet it threw", thrown);
            }
        }
    }

    /**
     * Runs one node's body in {@code scope}. {@code reachesRoot} says whether a failure of this body propagates up to
     * the root, through ordinary scopes only.
     */
    private Object runNode(Node node, Scope scope, Run run, boolean reachesRoot, boolean isRoot) throws Exception {
        Channel<Long> channel = run.newChannel(node.forks.size() % 2); // rendezvous or buffered(1)
        boolean forksReachRoot = reachesRoot && !node.supervised;
        List<Fork<?>> forks = new ArrayList<>(); // those a supervised body joins: the ones that end by themselves
        for (Action action : node.forks) {
            Fork<?> fork = scope.fork(() -> {
                run.threads.add(Thread.currentThread());
                return act(action, scope, channel, run, forksReachRoot, isRoot);
            });
            if (!action.name().startsWith("BLOCKED")) {
                forks.add(fork);
            }
        }
        for (Node child : node.nested) {
            forks.add(scope.fork(() -> {
                run.threads.add(Thread.currentThread());
                return child.supervised
                        ? Scope.supervised(s -> runNode(child, s, run, forksReachRoot, false))
                        : Scope.run(s -> runNode(child, s, run, forksReachRoot, false));
            }));
        }
        boolean blocks = node.forks.stream().anyMatch(a -> a.name().startsWith("BLOCKED"));
        Action end = blocks && node.bodyEnd == Action.FINISH ? Action.CANCEL_SCOPE : node.bodyEnd;
        if (node.supervised) {
            for (Fork<?> f : forks) {
                try {
                    f.join();
                } catch (java.util.concurrent.ExecutionException | CancellationException e) {
                    // kept for join: observed here, not propagated
                } catch (InterruptedException e) {
                    break; // the scope is being cancelled; it waits for the rest itself
                }
            }
        }
        return act(end, scope, channel, run, reachesRoot, isRoot);
    }

    private Object act(Action action, Scope scope, Channel<Long> channel, Run run, boolean reachesRoot, boolean isRoot)
            throws Exception {
        switch (action) {
            case FINISH -> {
                return "done";
            }
            case FAIL -> {
                IllegalStateException failure = new IllegalStateException("planned failure");
                if (reachesRoot) {
                    run.failuresReachingRoot.add(failure);
                }
                throw failure;
            }
            case CANCEL_SCOPE -> {
                if (isRoot) {
                    run.rootCancelled = true;
                }
                scope.cancel();
                return "cancelled";
            }
            case BLOCKED_SEND -> {
                long e = run.offer();
                channel.send(e);
                channel.send(run.offer()); // the second one blocks on rendezvous and buffered(1) alike
                return "sent";
            }
            case BLOCKED_RECEIVE -> {
                while (true) {
                    run.receivedOne(channel.receive());
                }
            }
            case BLOCKED_SELECT -> {
                Channel<Long> other = run.newChannel(0);
                while (true) {
                    Long got = Select.select(channel.onReceive(x -> x), other.onReceive(x -> x),
                            Select.onTimeout(Duration.ofMinutes(1), () -> null));
                    run.receivedOne(got);
                }
            }
            case EXCHANGE -> {
                for (int i = 0; i < 3; i++) {
                    ChannelResultOrNothing.trySend(channel, run);
                    run.receivedOne(channel.tryReceive().getOrNull());
                }
                return "exchanged";
            }
            default -> throw new AssertionError(action);
        }
    }

    /** A non-blocking send that counts its element only when the channel took it. */
    private static final class ChannelResultOrNothing {
        static void trySend(Channel<Long> channel, Run run) {
            long e = run.nextElement.incrementAndGet();
            if (channel.trySend(e).isSuccess()) {
                run.offered.incrementAndGet();
            }
        }
    }
}
