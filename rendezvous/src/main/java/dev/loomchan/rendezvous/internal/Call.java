package dev.loomchan.rendezvous.internal;

import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.internal.HandOffWaiter;
import dev.loomchan.rendezvous.Hop;
import dev.loomchan.rendezvous.Request;
import dev.loomchan.rendezvous.RequestChannel;
import dev.loomchan.rendezvous.RequestFailedException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One call: the request, its reply slot and the caller's wait, in one object. The same object is the element the
 * rendezvous channel carries to a server and, while no server has taken it, the waiter parked in the cell
 * ({@link HandOffWaiter}), so a call allocates nothing else.
 *
 * <h2>States</h2>
 * One volatile word, changed only by CAS, holds where the call is and, once answered, the answer itself:
 * <pre>
 *                     onTaken (a server took it from its cell)
 *   NEW ───────────────────────────────────────────────▶ TAKEN
 *    │ │  reply / fail / refuse                           │ │
 *    │ └──────────────────▶ answer ◀──────────────────────┘ │
 *    │ caller gives up: WITHDRAWN if the call is still in   │ caller gives up
 *    ▼ its cell, ABANDONED if it was handed over at once    ▼
 *  WITHDRAWN / ABANDONED                                ABANDONED ──late reply / fail──▶ ABANDONED_ANSWERED
 * </pre>
 * NEW and TAKEN each have a PARKED twin, set by the caller just before it parks, so that whoever answers knows it
 * must unpark the caller; taking keeps the twin (NEW_PARKED becomes TAKEN_PARKED), since a taken call still waits.
 * An answer is the reply itself ({@link #NULL_REPLY} for null), a {@link Failure}, {@link #REFUSED} (the channel closed
 * before a server took the call) or {@link #CANCELLED_CHANNEL}. Answers, WITHDRAWN and ABANDONED_ANSWERED are final.
 * A call handed straight to a waiting server never passes through TAKEN: NEW then already means "a server has it",
 * which the caller knows from {@link HandOffWaiter#sendTo}'s result and records in {@link #inCell}.
 *
 * <h2>Who may do what</h2>
 * Only the engine moves NEW to TAKEN ({@link #onTaken}, once, from the thread that found the call in the cell); only
 * the server holding the call answers it; only the caller sets the PARKED twins and gives up. Each race (taking against
 * withdrawing, answering against abandoning) is one CAS on the state word, so exactly one side wins: a withdrawn call
 * is never taken, an abandoned call's answer is never delivered, and nothing is answered twice.
 *
 * <h2>Memory ordering</h2>
 * The payload and caller are final; the answer is published by the CAS that installs it and read by the caller's
 * volatile read of the state. The route and the current channel are written by a forwarding server before its send,
 * and read by the next server after its receive: the channel's hand-off orders them.
 */
public final class Call<Q, R> extends HandOffWaiter implements Request<Q, R> {
    private static final Object NEW = new Marker("NEW");
    private static final Object NEW_PARKED = new Marker("NEW_PARKED");
    private static final Object TAKEN = new Marker("TAKEN");
    private static final Object TAKEN_PARKED = new Marker("TAKEN_PARKED");
    private static final Object WITHDRAWN = new Marker("WITHDRAWN");
    private static final Object ABANDONED = new Marker("ABANDONED");
    private static final Object ABANDONED_ANSWERED = new Marker("ABANDONED_ANSWERED");
    private static final Object REFUSED = new Marker("REFUSED");
    private static final Object CANCELLED_CHANNEL = new Marker("CANCELLED_CHANNEL");
    private static final Object NULL_REPLY = new Marker("NULL_REPLY");

    /** Why a caller gives up. */
    private static final int INTERRUPTED = 0, TIMED_OUT = 1;

    private final Q payload;
    private final Thread caller;
    private final RequestChannelImpl<Q, R> origin;
    /** The channel whose server holds the call now: the origin until it is forwarded. */
    private RequestChannelImpl<Q, R> current;
    /** The hops after the first, or null if never forwarded. */
    private List<Hop> forwards;
    /**
     * Caller only: true if {@link #send()} published the call in a cell; false if it was handed to a waiting server at
     * once (by {@code send} or by the channel's {@code trySend}, which never publishes).
     */
    private boolean inCell;
    private volatile Object state = NEW;

    Call(RequestChannelImpl<Q, R> origin, Q payload) {
        this.payload = payload;
        this.caller = Thread.currentThread();
        this.origin = origin;
        this.current = origin;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The caller's side
    // ------------------------------------------------------------------------------------------------------------

    /** Sends the call into its channel: true if a server has it or will find it in its cell, false if closed. */
    boolean send() {
        int sent = sendTo(origin.channel, this);
        inCell = sent == PUBLISHED;
        return sent != CLOSED;
    }

    /**
     * Waits for the answer and returns the reply, or throws what the answer says. Gives up on interrupt or (when
     * {@code timed}) at {@code deadline}, unless the answer wins that race.
     */
    R awaitReply(boolean timed, long deadline, long timeoutNanos) throws InterruptedException, TimeoutException {
        wakeDeferred();
        if (caller.isVirtual()) {
            // Nobody queued for a carrier means the server runs on another one: its answer reaches us through the
            // state word sooner than through a park and an unpark.
            if (spinWhileNobodyQueued()) {
                return unwrap(state);
            }
            for (int yields = YIELDS; yields > 0; yields--) {
                Object s = state;
                if (isAnswer(s)) {
                    return unwrap(s);
                }
                Thread.yield();
            }
        } else {
            for (int spins = SPINS; spins > 0; spins--) {
                Object s = state;
                if (isAnswer(s)) {
                    return unwrap(s);
                }
                Thread.onSpinWait();
            }
        }
        announceParking();
        for (;;) {
            Object s = state;
            if (isAnswer(s)) {
                return unwrap(s);
            }
            if (Thread.interrupted()) {
                return giveUp(INTERRUPTED, timeoutNanos);
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    return giveUp(TIMED_OUT, timeoutNanos);
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** Caller only: true once the call is answered; what the caller's spin watches. */
    @Override
    public boolean waitEnded() {
        return isAnswer(state);
    }

    private void announceParking() {
        for (;;) {
            Object s = state;
            Object parked = s == NEW ? NEW_PARKED : s == TAKEN ? TAKEN_PARKED : null;
            if (parked == null || STATE.compareAndSet(this, s, parked)) {
                return; // answered already, or parked flag set
            }
        }
    }

    private R giveUp(int why, long timeoutNanos) throws InterruptedException, TimeoutException {
        for (;;) {
            Object s = state;
            if (s == NEW || s == NEW_PARKED) {
                boolean withdraw = inCell;
                if (STATE.compareAndSet(this, s, withdraw ? WITHDRAWN : ABANDONED)) {
                    if (withdraw) {
                        withdraw();
                    }
                    throwGivenUp(why, withdraw, timeoutNanos);
                }
            } else if (s == TAKEN || s == TAKEN_PARKED) {
                if (STATE.compareAndSet(this, s, ABANDONED)) {
                    throwGivenUp(why, false, timeoutNanos);
                }
            } else {
                if (why == INTERRUPTED) {
                    caller.interrupt(); // the answer won: the call completed; keep the interrupt for the caller
                }
                return unwrap(s);
            }
        }
    }

    private void throwGivenUp(int why, boolean beforeAnyServer, long timeoutNanos)
            throws InterruptedException, TimeoutException {
        String where = beforeAnyServer ? "before any server took it" : "after a server took it (abandoned)";
        if (why == INTERRUPTED) {
            throw new InterruptedException("call to " + origin.name() + " interrupted " + where);
        }
        throw new TimeoutException("no reply from " + origin.name() + " within "
                + Duration.ofNanos(timeoutNanos) + ", " + where);
    }

    @SuppressWarnings("unchecked")
    private R unwrap(Object answer) {
        if (answer instanceof Failure f) {
            throw new RequestFailedException("request to " + current.name() + " failed: " + f.cause, f.cause);
        }
        if (answer == REFUSED) {
            throw new ClosedSendChannelException("request channel " + origin.name()
                    + " was closed before a server took the request", null);
        }
        if (answer == CANCELLED_CHANNEL) {
            throw new CancellationException("request channel " + origin.name() + " was cancelled");
        }
        return answer == NULL_REPLY ? null : (R) answer;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The engine's callbacks
    // ------------------------------------------------------------------------------------------------------------

    @Override
    protected boolean onTaken() {
        for (;;) {
            Object s = state;
            Object taken = s == NEW ? TAKEN : s == NEW_PARKED ? TAKEN_PARKED : null;
            if (taken == null) {
                return false; // withdrawn
            }
            if (STATE.compareAndSet(this, s, taken)) {
                return true;
            }
        }
    }

    @Override
    protected boolean onChannelCancelled() {
        return complete(CANCELLED_CHANNEL);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The server's side
    // ------------------------------------------------------------------------------------------------------------

    @Override
    public Q payload() {
        return payload;
    }

    @Override
    public boolean reply(R reply) {
        if (complete(reply == null ? NULL_REPLY : reply)) {
            return true;
        }
        if (reply != null) {
            current.undeliveredReply(reply);
        }
        return false;
    }

    @Override
    public boolean fail(Throwable cause) {
        if (cause == null) {
            throw new NullPointerException("cause");
        }
        return complete(new Failure(cause));
    }

    /** The channel closed before any server took this call: its caller gets a ClosedSendChannelException. */
    void refuse() {
        complete(REFUSED);
    }

    /**
     * Installs an answer: true if the caller gets it, false if the caller had abandoned the call (the call then
     * records that it was answered).
     */
    private boolean complete(Object answer) {
        for (;;) {
            Object s = state;
            if (s == NEW || s == TAKEN || s == NEW_PARKED || s == TAKEN_PARKED) {
                if (STATE.compareAndSet(this, s, answer)) {
                    if (s == NEW_PARKED || s == TAKEN_PARKED) {
                        LockSupport.unpark(caller);
                    }
                    return true;
                }
            } else if (s == ABANDONED) {
                if (STATE.compareAndSet(this, s, ABANDONED_ANSWERED)) {
                    return false;
                }
            } else if (s == WITHDRAWN && answer == CANCELLED_CHANNEL) {
                return false; // cancel found the cell of a call its caller had just withdrawn
            } else {
                throw new IllegalStateException("request already answered (" + describe(s) + "): " + this);
            }
        }
    }

    @Override
    public boolean isAbandoned() {
        Object s = state;
        return s == ABANDONED || s == ABANDONED_ANSWERED || s == WITHDRAWN;
    }

    @Override
    public boolean forward(RequestChannel<Q, R> next) throws InterruptedException {
        RequestChannelImpl<Q, R> target = RequestChannelImpl.of(next);
        Object s = state;
        if (s == ABANDONED) {
            return false;
        }
        if (isAnswer(s) || s == ABANDONED_ANSWERED || s == WITHDRAWN) {
            throw new IllegalStateException("request already answered (" + describe(s) + "): " + this);
        }
        if (forwards == null) {
            forwards = new ArrayList<>(2);
        }
        forwards.add(new Hop(target.name(), Thread.currentThread().getName()));
        RequestChannelImpl<Q, R> from = current;
        current = target;
        try {
            target.channel.send(this);
            return true;
        } catch (InterruptedException e) {
            current = from;
            complete(new Failure(new InterruptedException("forwarding to " + target.name() + " was interrupted")));
            throw e;
        } catch (ClosedSendChannelException e) {
            current = from;
            complete(new Failure(e));
            throw e;
        }
    }

    @Override
    public List<Hop> route() {
        List<Hop> route = new ArrayList<>(forwards == null ? 1 : forwards.size() + 1);
        route.add(new Hop(origin.name(), caller.getName()));
        if (forwards != null) {
            route.addAll(forwards);
        }
        return List.copyOf(route);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static boolean isAnswer(Object s) {
        return s != NEW && s != NEW_PARKED && s != TAKEN && s != TAKEN_PARKED && s != WITHDRAWN && s != ABANDONED
                && s != ABANDONED_ANSWERED;
    }

    private static String describe(Object s) {
        if (s instanceof Marker) {
            return s.toString();
        }
        return s instanceof Failure ? "FAILED" : "REPLIED";
    }

    @Override
    public String toString() {
        return "Request[" + payload + " from " + caller.getName() + " to " + current.name() + ", "
                + describe(state) + "]";
    }

    /** A failed call's answer: the server's cause. */
    private record Failure(Throwable cause) {
    }

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Call.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
