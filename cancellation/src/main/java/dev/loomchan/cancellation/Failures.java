package dev.loomchan.cancellation;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/** The failures of one scope, in arrival order: the first is thrown, the others are added to it as suppressed. */
final class Failures {

    private final AtomicReference<Throwable> first = new AtomicReference<>();
    private final Queue<Throwable> later = new ConcurrentLinkedQueue<>();

    /** Records a failure; returns whether it is the first. */
    boolean add(Throwable failure) {
        if (first.compareAndSet(null, failure)) {
            return true;
        }
        later.add(failure);
        return false;
    }

    boolean isEmpty() {
        return first.get() == null;
    }

    /**
     * The first failure with every later one (other than itself) added as suppressed, or {@code null}. Call once, after
     * every thread that may add has finished.
     */
    Throwable combined() {
        Throwable head = first.get();
        if (head != null) {
            for (Throwable t : later) {
                if (t != head) {
                    head.addSuppressed(t);
                }
            }
        }
        return head;
    }
}
