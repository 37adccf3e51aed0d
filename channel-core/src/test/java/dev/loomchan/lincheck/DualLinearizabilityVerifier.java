package dev.loomchan.lincheck;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.kotlinx.lincheck.util.ValueResult;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Lincheck verifier for operations that block by parking their thread: decides whether a history is linearizable
 * with respect to a {@link DualSpecification}, in which an operation may register as waiting and be completed later
 * by another one.
 *
 * <p>Why not Lincheck's own {@code LinearizabilityVerifier}: it linearizes every non-suspending operation as one atomic
 * step, so a rendezvous {@code send} and the {@code receive} that met it can never both be linearized (whichever comes
 * first would have to wait); Lincheck admits waiting only for Kotlin {@code suspend} functions. This verifier gives a
 * blocking Java operation the same two-step meaning: it is requested at one point of the linearization (completing
 * at once, or registering as waiting) and, if it waited, completed at the point of the operation that woke it.
 *
 * <p>A history is accepted when some order of requests satisfies: every result, immediate or delivered by a
 * completion, equals the one observed; an operation is requested only after every operation that finished before it
 * started (Lincheck's happens-before clocks, and program order) has completed in the specification; and at the end
 * nothing waits (every operation of the history returned). The search is a depth-first search over requests, with
 * states already seen pruned.
 */
public final class DualLinearizabilityVerifier implements Verifier {
    private final Class<?> specification;

    /** Lincheck creates verifiers reflectively with the sequential specification class. */
    public DualLinearizabilityVerifier(Class<?> specification) {
        if (!DualSpecification.class.isAssignableFrom(specification)) {
            throw new IllegalArgumentException(specification + " is not a " + DualSpecification.class.getSimpleName());
        }
        this.specification = specification;
    }

    @Override
    public boolean verifyResults(ExecutionScenario scenario, ExecutionResult results) {
        return new Search(History.of(scenario, results), newInitialState()).run();
    }

    private DualSpecification newInitialState() {
        try {
            return (DualSpecification) specification.getConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("cannot create " + specification, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create " + specification, e.getCause());
        }
    }

    /** One operation of the history: its thread, position, call, observed result and start clock. */
    private record Op(int id, int thread, int index, String method, List<?> arguments, Object result, int[] clock) {
    }

    /** The operations of one execution, per thread, in program order. */
    private record History(List<List<Op>> threads, int size) {
        static History of(ExecutionScenario scenario, ExecutionResult results) {
            List<List<Actor>> actors = scenario.getThreads();
            List<List<ResultWithClock>> observed = results.getThreadsResultsWithClock();
            List<List<Op>> threads = new ArrayList<>();
            int id = 0;
            for (int t = 0; t < actors.size(); t++) {
                List<Op> ops = new ArrayList<>();
                for (int i = 0; i < actors.get(t).size(); i++) {
                    Actor actor = actors.get(t).get(i);
                    ResultWithClock r = observed.get(t).get(i);
                    ops.add(new Op(id++, t, i, actor.getMethod().getName(), actor.getArguments(),
                            valueOf(r.getResult()), r.getClockOnStart().getClock()));
                }
                threads.add(ops);
            }
            return new History(threads, id);
        }

        /** The value of a result; any other kind of result (an exception, a hang) is kept as it is. */
        private static Object valueOf(LincheckResult result) {
            return result instanceof ValueResult v ? v.getValue() : result;
        }
    }

    private static final class Search {
        private final History history;
        private final DualSpecification initial;
        private final Set<Node> seen = new HashSet<>();

        Search(History history, DualSpecification initial) {
            this.history = history;
            this.initial = initial;
        }

        boolean run() {
            int threads = history.threads().size();
            return explore(new Node(initial, new int[threads], new int[threads]));
        }

        /**
         * @param node the state of the specification, how many operations of each thread were requested, and for
         *             each thread the id + 1 of its operation that waits (0 if none)
         */
        private boolean explore(Node node) {
            if (node.isComplete(history)) {
                return true;
            }
            if (!seen.add(node)) {
                return false;
            }
            for (int t = 0; t < history.threads().size(); t++) {
                Op op = node.nextRequest(history, t);
                if (op == null) {
                    continue;
                }
                Node next = node.request(op, history);
                if (next != null && explore(next)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Node(DualSpecification state, int[] requested, int[] waiting) {

        boolean isComplete(History history) {
            for (int t = 0; t < requested.length; t++) {
                if (requested[t] < history.threads().get(t).size() || waiting[t] != 0) {
                    return false;
                }
            }
            return true;
        }

        /** The next operation of thread {@code t}, if it may be requested now; null otherwise. */
        Op nextRequest(History history, int t) {
            List<Op> ops = history.threads().get(t);
            if (waiting[t] != 0 || requested[t] == ops.size()) {
                return null;
            }
            Op op = ops.get(requested[t]);
            for (int u = 0; u < requested.length; u++) {
                if (u == t) {
                    continue;
                }
                // Every operation of u that returned before op started must have completed.
                int before = Math.min(op.clock()[u], history.threads().get(u).size());
                if (before > requested[u] || (before == requested[u] && waiting[u] != 0)) {
                    return null;
                }
            }
            return op;
        }

        /** Requests {@code op}; null if a result it produces differs from the one observed. */
        Node request(Op op, History history) {
            DualSpecification state = this.state.copy();
            DualSpecification.Step step = state.apply(op.method(), op.arguments(), op.id());
            int[] requested = this.requested.clone();
            int[] waiting = this.waiting.clone();
            requested[op.thread()]++;
            if (step.waits()) {
                waiting[op.thread()] = op.id() + 1;
            } else if (!Objects.equals(step.result(), op.result())) {
                return null;
            }
            for (DualSpecification.Completion c : step.completed()) {
                Op woken = byId(history, c.ticket());
                if (waiting[woken.thread()] != woken.id() + 1 || !Objects.equals(c.result(), woken.result())) {
                    return null;
                }
                waiting[woken.thread()] = 0;
            }
            return new Node(state, requested, waiting);
        }

        private static Op byId(History history, int id) {
            for (List<Op> ops : history.threads()) {
                for (Op op : ops) {
                    if (op.id() == id) {
                        return op;
                    }
                }
            }
            throw new IllegalArgumentException("no operation " + id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node n && state.equals(n.state)
                    && Arrays.equals(requested, n.requested) && Arrays.equals(waiting, n.waiting);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * state.hashCode() + Arrays.hashCode(requested)) + Arrays.hashCode(waiting);
        }
    }
}
