package dev.loomchan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One run of a select: the token through which the select's thread and the partners of its clauses agree on which
 * clause wins, after Kotlin's {@code SelectImplementation}.
 *
 * <h2>Protocol</h2>
 * A select of two channel clauses or more, or with a default or zero time-out clause, first looks at them in order,
 * publishing nothing, and takes the first that can complete at once, or its default clause ({@link #pass}).
 * Otherwise it registers its clauses in order. A clause that can complete at once (an element is buffered, a
 * receiver waits, the channel is closed, a zero time-out) is chosen on the spot by the select's own thread, and no
 * later clause is registered; otherwise the clause publishes a {@link SelectRegistration} in a cell, exactly where a
 * blocked operation would publish its {@link Waiter}. When every clause is registered, the select parks on a Waiter
 * of its own until a partner that finds one of its registrations in a cell calls {@link #trySelect} and claims it. The first
 * partner wins; the select then withdraws every other registration (their cells become cancelled, as for an
 * interrupted operation, so that a select loop over a channel that never fires leaves nothing behind) and the runner
 * calls the chosen clause's block, outside any engine state.
 *
 * <h2>States</h2>
 * <pre>
 *   REGISTERING ──partner──▶ Pending(reg, ...) ──select re-registers──▶ REGISTERING
 *        │                                                                  │
 *        ├──a clause completes at once / default──▶ Selected ◀──────────────┤
 *        └──all registered──▶ Waiter (fresh, enqueued) ──a partner claims it with Selected(reg, value)──▶ Selected
 *                                  │ ──time-out cancels it──▶ Selected(time-out clause)
 *                                  └──interrupt cancels it──▶ CANCELLED
 * </pre>
 * A partner that finds a registration while the select is still registering cannot have it chosen: the select's
 * thread may at the same moment complete a later clause at once, inside its channel, and that cannot be undone, so
 * two clauses would complete. The partner gets {@link CellWaiter#REREGISTER} instead: it treats the cell as dead and
 * moves on (with its element, if it is a sender), and the select records the clause in {@code Pending} and
 * registers it again, in a new cell, once it has finished the first pass.
 *
 * <p>Once the select waits, its waiter's word decides: a partner claims the waiter with its {@code Selected}
 * ({@link Waiter#tryResume}), which chooses the clause and wakes the select's thread in one CAS; a time-out or an
 * interrupt cancels the waiter. The select's thread then writes the outcome into {@code state}, and partners that
 * still read the waiter fail to claim it. Such a late partner may try at any moment, so the waiter is a fresh one,
 * never the thread's spare, which could by then stand for another wait. Selected and CANCELLED are final; every
 * change before the wait is a CAS on {@code state}, so exactly one partner (or the time-out, or the interrupt) wins.
 *
 * <p>Memory ordering: {@code state} and the waiter's word are volatile and changed by CAS; the chosen value travels
 * inside the {@code Selected} object published by the CAS that claims the waiter (or, chosen at once, by the
 * state's). The arrays are touched by the select's thread only.
 */
public final class SelectInstance {
    private static final Object REGISTERING = new CellState.Marker("REGISTERING");
    private static final Object CANCELLED = new CellState.Marker("CANCELLED");

    /** Clauses whose registration a partner found during the registration phase, to register again. */
    private record Pending(SelectRegistration registration, Pending next) {
    }

    /** The final choice: the clause, the registration it was chosen through (null when chosen at once), the value. */
    private record Selected(int clause, SelectRegistration registration, Object value) {
    }

    private volatile Object state = REGISTERING;
    private final SelectClauseImpl<?>[] clauses;
    /** The current registration of each clause, or null. Select's thread only. */
    private final SelectRegistration[] registrations;
    private Selected selected;
    /** The first default clause, the earliest time-out clause and its deadline; found during registration. */
    private int defaultClause = -1;
    private int timeoutClause = -1;
    private long deadline;
    /** {@link #startNanos()}. Select's thread only. */
    private boolean started;
    private long start;

    public SelectInstance(SelectClauseImpl<?>[] clauses) {
        this.clauses = clauses;
        this.registrations = new SelectRegistration[clauses.length];
    }

    /**
     * Runs the select: registers, waits, withdraws the losers. Returns the index of the chosen clause; its result is
     * {@link #result()}.
     *
     * @throws InterruptedException if interrupted before any clause was chosen; every registration is withdrawn
     */
    public int run() throws InterruptedException {
        try {
            if (worthALook()) {
                pass(true);
                if (selected == null && defaultClause >= 0) {
                    selectAtOnce(defaultClause, null);
                }
            }
            if (selected == null) {
                pass(false);
            }
            if (selected == null) {
                finishRegistration(timeoutClause, deadline); // a select with a default clause never gets here
            }
        } catch (RuntimeException | Error failure) {
            // A clause failed to register (an onUndeliveredElement handler threw, say): withdraw the others.
            state = CANCELLED;
            withdrawAllBut(null);
            throw failure;
        }
        withdrawAllBut(selected.registration);
        return selected.clause;
    }

    /**
     * True if the look can spare a registration: with two channel clauses or more (a later one may be ready while an
     * earlier one is not), or a default or zero time-out clause to take instead of registering. A lone channel
     * clause, with or without a positive time-out, registers at once: its registration completes at once whenever
     * the look would, and a look would read the channel's counters twice.
     */
    private boolean worthALook() {
        int channelClauses = 0;
        for (SelectClauseImpl<?> clause : clauses) {
            if (clause.isDefault() || clause.timeoutNanos() == 0L
                    || (clause.channel() != null && ++channelClauses > 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One pass over the clauses in order, until one completes at once: a channel clause is registered, or, in the
     * look ({@code look}), tried without publishing anything; a zero time-out is chosen; a positive time-out and the
     * default clause are noted (the earliest deadline, the first default).
     *
     * <p>The look comes first where it can spare a registration ({@link #worthALook}), and the default clause is
     * chosen right after it when nothing was ready. Without the look, a select whose first channel is idle registers there, finds the
     * second ready, and withdraws the first registration, leaving a cancelled cell for that channel's next partner to
     * skip; a select loop over busy channels did that on most selects. With it, a select with a default clause
     * registers nothing at all.
     */
    private void pass(boolean look) {
        for (int i = 0; i < clauses.length && selected == null; i++) {
            SelectClauseImpl<?> clause = clauses[i];
            long timeout = clause.timeoutNanos();
            if (clause.isDefault()) {
                if (defaultClause < 0) {
                    defaultClause = i;
                }
            } else if (timeout == 0L) {
                selectAtOnce(i, null);
            } else if (timeout > 0L) {
                long d = startNanos() + timeout;
                if (timeoutClause < 0 || d - deadline < 0) {
                    timeoutClause = i;
                    deadline = d;
                }
            } else if (look) {
                Object result = clause.tryAtOnce();
                if (result != SelectClauseImpl.NOT_READY) {
                    selectAtOnce(i, result);
                }
            } else {
                register(i);
            }
        }
    }

    /**
     * When the select began, for its time-out clauses: read at the first positive time-out met, not at the start,
     * because a clock read costs about 25 ns here and most selects have no time-out.
     */
    private long startNanos() {
        if (!started) {
            started = true;
            start = System.nanoTime();
        }
        return start;
    }

    /** The result of the clause {@link #run()} chose: an element, {@link Waiter#DONE}, a closed marker, or null. */
    public Object result() {
        return selected.value;
    }

    /** Registers clause {@code i}, choosing it at once if it completes at once. */
    private void register(int i) {
        SelectRegistration registration = new SelectRegistration(this, i);
        Object result = clauses[i].register(registration);
        if (result == SelectClauseImpl.REGISTERED) {
            registrations[i] = registration;
        } else {
            selectAtOnce(i, result);
        }
    }

    /** The select's own thread chooses clause {@code i} during registration; partners cannot win meanwhile. */
    private void selectAtOnce(int i, Object value) {
        Selected choice = new Selected(i, null, value);
        for (;;) {
            Object s = state;
            if (STATE.compareAndSet(this, s, choice)) {
                selected = choice;
                return;
            }
        }
    }

    private void finishRegistration(int timeoutClause, long deadline) throws InterruptedException {
        for (;;) {
            Object s = state;
            if (s instanceof Pending pending) {
                if (STATE.compareAndSet(this, s, REGISTERING) && reregister(pending)) {
                    return;
                }
            } else {
                // A fresh waiter, never the thread's spare: a partner that read it from this select's state may try
                // to claim it at any time, so it must never stand for another wait (see the class comment).
                Waiter parking = new Waiter();
                parking.enqueue();
                if (STATE.compareAndSet(this, REGISTERING, parking)) {
                    await(parking, timeoutClause, deadline);
                    return;
                }
            }
        }
    }

    /** Registers again the clauses a partner found too early; true if one of them completed at once. */
    private boolean reregister(Pending pending) {
        for (Pending p = pending; p != null; p = p.next) {
            int i = p.registration.clause;
            if (registrations[i] != p.registration) {
                continue; // reported twice, or already registered again
            }
            registrations[i] = null; // its cell is dead: the partner marked it
            register(i);
            if (selected != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if every clause that touches a channel touches a rendezvous channel: then, as for the engine's own waiters
     * on such channels, a waiting virtual thread may spin while nobody is queued for a carrier.
     */
    private boolean onlyRendezvousChannels() {
        boolean any = false;
        for (SelectClauseImpl<?> clause : clauses) {
            Object channel = clause.channel();
            if (channel != null) {
                if (!(channel instanceof BufferedChannel<?> engine) || engine.capacity != 0) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private void await(Waiter parking, int timeoutClause, long deadline) throws InterruptedException {
        int outcome = parking.await(timeoutClause >= 0, deadline,
                onlyRendezvousChannels() ? Waiter.VirtualWait.ACTIVE : Waiter.VirtualWait.NAP);
        Selected choice;
        if (outcome == Waiter.CLAIMED) {
            choice = (Selected) parking.value(); // a partner chose a clause (an interrupt that lost is re-asserted)
        } else if (outcome == Waiter.TIMED_OUT) {
            choice = new Selected(timeoutClause, null, null);
        } else {
            state = CANCELLED;
            withdrawAllBut(null);
            throw new InterruptedException("select interrupted; no clause was chosen");
        }
        state = choice; // final; partners that still read the waiter fail to claim it
        selected = choice;
    }

    /** Withdraws every current registration except the chosen one. */
    private void withdrawAllBut(SelectRegistration chosen) {
        for (int i = 0; i < registrations.length; i++) {
            SelectRegistration r = registrations[i];
            if (r != null && r != chosen) {
                registrations[i] = null;
                clauses[i].withdraw(r);
            }
        }
    }

    /**
     * A partner offers {@code value} to the clause of {@code registration}: RESUMED if the select chose it, REREGISTER
     * if the select is still registering, FAILED if it chose another clause or was cancelled.
     */
    int trySelect(SelectRegistration registration, Object value) {
        for (;;) {
            Object s = state;
            if (s instanceof Waiter parking) {
                // The waiter decides: its claim chooses the clause and wakes the select's thread in one step.
                return parking.tryResume(new Selected(registration.clause, registration, value))
                        ? CellWaiter.RESUMED : CellWaiter.FAILED;
            } else if (s == REGISTERING || s instanceof Pending) {
                Pending next = s == REGISTERING ? null : (Pending) s;
                if (STATE.compareAndSet(this, s, new Pending(registration, next))) {
                    return CellWaiter.REREGISTER;
                }
            } else {
                return CellWaiter.FAILED;
            }
        }
    }

    /** True while some registration of this select may still be published in a cell; for tests. */
    public boolean isWaiting() {
        Object s = state;
        return s instanceof Waiter parking ? !parking.isCompleted() : !(s instanceof Selected) && s != CANCELLED;
    }

    @Override
    public String toString() {
        Object s = state;
        String st = s instanceof Selected c ? "selected " + c.clause
                : s instanceof Waiter ? "waiting" : s instanceof Pending ? "re-registering" : s.toString();
        return "select(" + clauses.length + " clauses, " + st + ")";
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SelectInstance.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
