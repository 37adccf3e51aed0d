package dev.loomchan.rendezvous;

import java.util.concurrent.atomic.AtomicReference;

/** Test threads whose failures reach the test, and a wait for a thread to block. */
final class Threads {
    private Threads() {
    }

    interface Body {
        void run() throws Exception;
    }

    /** A virtual thread running {@code body}; {@link Forked#join()} rethrows what the body threw. */
    static Forked start(Body body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        return new Forked(t, failure);
    }

    record Forked(Thread thread, AtomicReference<Throwable> failure) {
        void join() throws InterruptedException {
            thread.join();
            Throwable f = failure.get();
            if (f != null) {
                throw new AssertionError("the forked thread failed: " + f, f);
            }
        }

        void interrupt() {
            thread.interrupt();
        }
    }

    /**
     * A request whose caller gave up while a server held it: a server takes a call on {@code channel}, then its caller
     * is interrupted and has returned. The server's side of that call is returned, abandoned.
     */
    static <Q, R> dev.loomchan.rendezvous.Request<Q, R> abandonedRequest(
            dev.loomchan.rendezvous.RequestChannel<Q, R> channel, Q payload) throws InterruptedException {
        AtomicReference<dev.loomchan.rendezvous.Request<Q, R>> held = new AtomicReference<>();
        Forked server = start(() -> held.set(channel.receive()));
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                channel.call(payload);
            } catch (InterruptedException expected) {
                // gave up, as intended
            }
        });
        server.join(); // the server holds the call
        awaitBlocked(caller);
        caller.interrupt();
        caller.join();
        return held.get();
    }

    static void awaitBlocked(Forked f) {
        awaitBlocked(f.thread());
    }

    /** Waits until {@code t} is parked (or has ended), so that what it was about to do is done or waiting. */
    static void awaitBlocked(Thread t) {
        dev.loomchan.reliability.Threads.awaitParked(t);
    }
}
