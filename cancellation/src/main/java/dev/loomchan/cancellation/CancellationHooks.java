package dev.loomchan.cancellation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code invokeOnCancellation} hooks of one scope: a lock-free stack that the cancelling thread takes whole, so
 * that each hook runs exactly once, and that a hook registered after the cancellation runs at once instead.
 */
final class CancellationHooks {

    private static final Node CANCELLED = new Node(null, null);
    private static final Node FINISHED = new Node(null, null);

    private final AtomicReference<Node> top = new AtomicReference<>();

    /**
     * Registers {@code hook}.
     *
     * @return {@code false} if the scope is already cancelled: the hook was not kept and the caller must run it
     * @throws IllegalStateException if the scope has finished
     */
    boolean add(Runnable hook) {
        while (true) {
            Node current = top.get();
            if (current == CANCELLED) {
                return false;
            }
            if (current == FINISHED) {
                throw new IllegalStateException("invokeOnCancellation on a scope that has finished");
            }
            if (top.compareAndSet(current, new Node(hook, current))) {
                return true;
            }
        }
    }

    /** Takes every registered hook, in registration order; later {@link #add}s return {@code false}. */
    List<Runnable> takeOnCancellation() {
        while (true) {
            Node current = top.get();
            if (current == CANCELLED || current == FINISHED) {
                return List.of();
            }
            if (top.compareAndSet(current, CANCELLED)) {
                List<Runnable> hooks = new ArrayList<>();
                for (Node n = current; n != null; n = n.next) {
                    hooks.add(n.hook);
                }
                return hooks.reversed();
            }
        }
    }

    /** Drops the hooks of a scope that finished without being cancelled; later {@link #add}s throw. */
    void finish() {
        while (true) {
            Node current = top.get();
            if (current == CANCELLED || top.compareAndSet(current, FINISHED)) {
                return;
            }
        }
    }

    private record Node(Runnable hook, Node next) {
    }
}
