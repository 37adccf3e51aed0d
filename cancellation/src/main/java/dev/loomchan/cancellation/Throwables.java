package dev.loomchan.cancellation;

import java.util.concurrent.CancellationException;

/** Small helpers for passing a body's {@link Throwable} on unchanged. */
final class Throwables {

    private Throwables() {
    }

    /**
     * Returns {@code t} as an exception to throw, or throws it here if it is an {@link Error}. Use as
     * {@code throw Throwables.rethrow(t)}.
     */
    static Exception rethrow(Throwable t) {
        if (t instanceof Error error) {
            throw error;
        }
        return (Exception) t;
    }

    /** Whether {@code t} is what a cancelled thread throws: an interrupt or a cancellation. */
    static boolean isCancellationSignal(Throwable t) {
        return t instanceof InterruptedException || t instanceof CancellationException;
    }
}
