package dev.loomchan.lincheck;

import java.util.List;

/**
 * A sequential specification in which an operation may wait: the contract {@link DualLinearizabilityVerifier} checks
 * histories against.
 *
 * <p>An operation is first <em>requested</em>: {@link #apply} either completes it at once, or registers it as waiting
 * under its ticket and returns {@link Step#WAITS}. A later operation may complete waiting ones (a send hands its
 * element to a waiting receive, a cancel wakes every waiter); it lists them in its {@link Step#completed()}. This is
 * the request/follow-up view of blocking operations of Scherer and Scott's dual data structures, the view Lincheck
 * itself takes of Kotlin suspending functions.
 *
 * <p>Implementations need a public no-argument constructor (the initial state), value-based
 * {@code equals}/{@code hashCode} (the verifier merges equal states) and {@link #copy()}.
 */
public interface DualSpecification {

    /**
     * Requests the operation {@code method(arguments)} under {@code ticket}, changing this state.
     *
     * @return the operation's result (or {@link Step#WAITS}) and the waiting operations this one completed
     */
    Step apply(String method, List<?> arguments, int ticket);

    /** An independent copy of this state. */
    DualSpecification copy();

    /** A waiting operation completed by another one: its ticket and its result. */
    record Completion(int ticket, Object result) {
    }

    /**
     * What one request did: its own result, or {@link #WAITS}, and the completions of waiting operations it caused.
     */
    record Step(Object result, List<Completion> completed) {
        /** The result of an operation that registered itself as waiting. */
        public static final Object WAITS = new Object() {
            @Override
            public String toString() {
                return "<waits>";
            }
        };

        public boolean waits() {
            return result == WAITS;
        }
    }
}
