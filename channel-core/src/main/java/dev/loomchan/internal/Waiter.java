package dev.loomchan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The token of one blocked operation: the thread that waits, and the one word through which the thread that resumes
 * it and the thread that cancels it agree on who wins.
 *
 * <h2>States</h2>
 * <pre>
 *                          ┌──owner, about to park──▶ PARKED
 *   INIT ──enqueue()──▶ ENQUEUED                        ▲ nap over
 *                          └──owner, about to nap───▶ NAPPING
 *
 *   ENQUEUED, PARKED or NAPPING ──tryResume(v)──▶ CLAIMED (the state word holds v)
 *   ENQUEUED, PARKED or NAPPING ──tryCancel()───▶ CANCELLED
 * </pre>
 * {@code INIT}: created, not yet published in a cell. {@code ENQUEUED}: published; the owner is spinning.
 * {@code PARKED}: the owner has parked or is about to park, so a resumer must unpark it. {@code NAPPING}: a virtual
 * thread parks until the {@link NapWatch} ends its nap, after at most about {@link #NAP_NANOS}, so a resumer may leave
 * its wake-up to later ({@link DeferredWake}).
 * {@code CLAIMED}: a resumer won; the state word holds the value handed over (the element for a receiver,
 * {@link #DONE} for a sender whose element was taken or buffered, {@link #CHANNEL_CLOSED} when the channel closed
 * under it). {@code CANCELLED}: the owner gave up (interrupt or time-out) before any resumer won. CLAIMED and CANCELLED are final, and every move is a
 * CAS, so exactly one of resumer and canceller wins, and a value is published by the same CAS that claims the
 * waiter: the owner that reads the claimed state reads the value with it (the CAS is a volatile write, the owner's
 * read a volatile read).
 *
 * <h2>Waiting</h2>
 * A platform thread first spins briefly, because on a multi-core machine the partner often arrives within a
 * microsecond and a park/unpark round trip costs far more; the budget shrinks with the number of cores and is zero on
 * a single core, where the partner cannot run while we spin ({@code -Dloomchan.waiter.spins} overrides it).
 *
 * <p>A virtual thread waits actively only where its caller asks for it: the engine does on rendezvous channels and
 * for selects over them, where the partner meets us in the cell. On buffered channels it parks without spinning: a
 * side that parks lets the other fill or drain the buffer in one stretch, where spinning would turn every element into
 * a hand-off between cores, and a yield costs a switch. Unless the scheduler is crowded (the look described next), it
 * first <em>naps</em>: it parks in state NAPPING until the {@link NapWatch}, one daemon thread, ends the nap after half
 * to all of {@link #NAP_NANOS} ({@code -Dloomchan.waiter.napNanos}, 100 µs; 0 turns naps off), and a resumer running
 * on a virtual thread claims a napping waiter without unparking it, leaving the unpark to its own next wait
 * ({@link DeferredWake}). The woken thread then runs on the carrier its resumer leaves, on the same core as the
 * elements it takes, instead of on the other carrier at the same time as the resumer; a nap that ends unclaimed moves
 * to PARKED, whose resumers unpark at once. The active wait takes one look at the scheduler
 * ({@link SchedulerProbe}). Nobody queued for a carrier: the partner can only be running on another carrier, so the
 * thread spins, since a hand-off through the waiter's word beats a park, a trip through the scheduler and often a
 * kernel wake-up of that carrier. A few queued: a short spin first (about 1.7 µs here), since the partner is often
 * running on the other carrier all the same, while the threads queued are others. Then, and at once when the JDK does
 * not tell, it yields a couple of times ({@code -Dloomchan.waiter.yields}), since the partner it has just unparked is
 * likely queued on its own carrier and may complete the operation there before a park is needed. More queued: a crowd, where a yield sends it to the back
 * of a long queue for nothing; it parks at once and skips the look for its next 1, 2, 4 ... 64 waits.
 *
 * <p>A resumer that finds the waiter still ENQUEUED claims it without unparking: the spinning owner sees the claim
 * on its next read. Only after the owner has moved the state to PARKED does a resumer call
 * {@link LockSupport#unpark}. The owner re-reads the state after every wake-up, so spurious wake-ups are harmless.
 *
 * <p>Interruption and time-out are cancellation: the owner tries {@code PARKED → CANCELLED}; if a resumer won in the
 * meantime, the operation completed and the owner takes the value (re-asserting the interrupt it consumed).
 *
 * <h2>Reuse</h2>
 * A thread keeps the waiter of its last completed wait ({@link #obtain()}, {@link #recycle()},
 * {@link #recycleAfterReceive}) and parks on it again next time, so a blocking operation allocates nothing in steady
 * state. Reuse must never let a thread that read the waiter from an old cell claim its new wait, so a waiter is kept
 * only when nobody can still hold it that way:
 * <ul>
 *   <li>A cancelled waiter is never kept: a resumer may have read it from its cell before the withdrawal.</li>
 *   <li>A claimed sender's waiter is kept: every thread that resumes a sender (the cell's receiver, buffer expansion,
 *   cancel) first moves the cell away from the waiter by CAS, so only the one that claimed it ever held it as a cell
 *   state, and it does not touch the waiter again after the claim (at most a late unpark, which a parked owner treats
 *   as spurious).</li>
 *   <li>A claimed receiver's waiter is kept only if it was claimed with an element and no close had begun when the
 *   owner looked after the claim. The cell's sender resumes a receiver without moving the cell first, and marks it
 *   MATCHED only after the claim, so the waiter stays visible in the cell for a moment. The only other thread that
 *   resumes receivers is the close sweep, which visits the cells at or above the senders counter it read after the
 *   close: a sender that claimed the waiter after a close read the close in the fetch-and-add that gave it the cell,
 *   and the owner, reading the claim, sees the close as well and drops the waiter; a close that begins after the
 *   owner's look reads a senders counter above the claimed cell and never visits it. (Buffer expansion may wrap a
 *   receiver's waiter but never resumes it.)</li>
 *   <li>A select's parking waiter is never kept: it is never published in a cell, but it stands in the select's
 *   state, where a partner may read it and try to claim it at any later moment ({@link SelectInstance}).</li>
 * </ul>
 * The spare is kept in the thread's {@link ThreadWaits} (one small holder per thread that ever parks, looked up once
 * per wait, in {@link #obtain()}; the waiter keeps it for the rest of the wait); a waiter still in use leaves the
 * holder empty, so a nested wait allocates its own.
 */
public final class Waiter extends CellWaiter implements SchedulerProbe.Watched {
    /** Created, not yet in a cell. */
    static final Object INIT = new CellState.Marker("INIT");
    /** In a cell; the owner is spinning. */
    static final Object ENQUEUED = new CellState.Marker("ENQUEUED");
    /** In a cell; the owner parks or is about to. */
    static final Object PARKED = new CellState.Marker("PARKED");
    /** In a cell; the owner parks, and its nap ends (it becomes PARKED) within about {@link #NAP_NANOS}. */
    static final Object NAPPING = new CellState.Marker("NAPPING");
    /** The owner gave up. */
    static final Object CANCELLED = new CellState.Marker("CANCELLED");
    /** Claimed value for a sender: its element was received or buffered. */
    static final Object DONE = new CellState.Marker("DONE");
    /** Claimed value when the channel closed (receivers) or was cancelled (senders) under the waiter. */
    static final Object CHANNEL_CLOSED = new CellState.Marker("CHANNEL_CLOSED");

    /** Outcomes of {@link #await}. */
    static final int CLAIMED = 0, INTERRUPTED = 1, TIMED_OUT = 2;

    /** How a virtual thread waits before it parks for good (a platform thread always spins {@link #SPINS}, then parks). */
    enum VirtualWait {
        /** Spin or yield, after one look at the scheduler: rendezvous channels, where the partner meets us in the cell. */
        ACTIVE,
        /** Nap unless the scheduler is crowded: single operations on buffered channels. */
        NAP,
        /** Park at once: batch operations, whose partner should work beside them rather than after them. */
        PARK
    }

    /** Spins before a platform thread parks: none on one core, where the partner cannot run meanwhile. */
    static final int SPINS = spinBudget();
    /**
     * Spins before a virtual thread yields and parks, when no virtual thread is queued for a carrier
     * ({@link SchedulerProbe}; {@code -Dloomchan.waiter.virtualSpins}).
     */
    static final int VIRTUAL_SPINS = virtualSpinBudget();
    /**
     * The longest a virtual thread waiting on a buffered channel naps (its wake-up may be put off meanwhile) before it
     * parks for good; 0 turns naps off ({@code -Dloomchan.waiter.napNanos}). 100 µs is the time Kotlin's scheduler
     * keeps a resumed coroutine in its resumer's LIFO slot before another worker may steal it. No naps with one
     * carrier, where no other carrier can take an unparked thread, so a nap only costs its timer.
     */
    static final long NAP_NANOS = napBudget();
    /**
     * Spins before a virtual thread yields when a few virtual threads are queued for a carrier, at most
     * {@link #YIELD_QUEUE_LIMIT} ({@code -Dloomchan.waiter.fewQueuedSpins}): 128, as jox spins on every rendezvous
     * wait on up to four cores; none on one core.
     */
    static final int FEW_QUEUED_SPINS = fewQueuedSpinBudget();
    /** Yields before a virtual thread parks ({@code -Dloomchan.waiter.yields}). */
    static final int YIELDS = Integer.getInteger("loomchan.waiter.yields", 2);
    /**
     * The most virtual threads queued for a carrier at which a virtual thread still spins briefly and yields before it
     * parks, or naps; above it, a crowd ({@code -Dloomchan.waiter.yieldQueueLimit}). Four: a select over four
     * channels and their four senders, or four senders and four receivers on one channel, are not a crowd.
     */
    static final int YIELD_QUEUE_LIMIT = Integer.getInteger("loomchan.waiter.yieldQueueLimit", 4);

    /** Reuse of waiters ({@code -Dloomchan.waiter.reuse=false} turns it off, to measure what it saves). */
    static final boolean REUSE = !"false".equals(System.getProperty("loomchan.waiter.reuse"));

    /** {@link #lookAtScheduler()}: a crowd, looked at now or recently. */
    private static final long CROWD = Long.MIN_VALUE;
    /** The longest run of waits a virtual thread parks at once, without a look, after it found a crowd. */
    private static final int MAX_LOOK_BACKOFF = 64;

    private final Thread owner;
    /** The owner's holder of its spare waiter and of the wake-up it put off. */
    private final ThreadWaits waits;
    /** Owner only: waits left to park at once in ({@link #waitActivelyAsVirtualThread()}). */
    private int waitsWithoutLook;
    /** Owner only: the length of the last skip; 0 after a look that found no crowd. */
    private int lookBackoff;
    /** Owner only (read by the {@link NapWatch}): the naps this waiter has begun. */
    private int napNumber;
    /** The state word; see the class comment. Accessed through {@link #STATE} for CAS. */
    private volatile Object state = INIT;

    Waiter() {
        this(ThreadWaits.current());
    }

    private Waiter(ThreadWaits waits) {
        this.owner = Thread.currentThread();
        this.waits = waits;
    }

    /** The current thread's spare waiter, ready to be enqueued, or a new one. */
    static Waiter obtain() {
        ThreadWaits waits = ThreadWaits.current();
        Waiter w = waits.spare;
        if (w == null || !REUSE) {
            return new Waiter(waits);
        }
        waits.spare = null;
        return w;
    }

    /**
     * Owner only, after {@link #await} returned CLAIMED (and {@link #value()} was read) on a wait that no cell can
     * lead a resumer back to: a sender's. Keeps the waiter for the thread's next wait.
     */
    void recycle() {
        if (REUSE) {
            STATE.set(this, INIT); // drops the value it carried, so that the spare does not keep an element alive
            waits.spare = this;
        }
    }

    /**
     * Owner only, after {@link #await} returned CLAIMED on a receiver's wait in {@code channel} and {@link #value()}
     * was read: keeps the waiter if it was claimed with an element and the channel's close had not begun (read after
     * the claim, and only then).
     */
    void recycleAfterReceive(BufferedChannel<?> channel) {
        if (state != CHANNEL_CLOSED && !channel.closeStarted()) {
            recycle();
        }
    }

    /** Marks the waiter as published. A plain store: the CAS that publishes it in a cell orders it. */
    void enqueue() {
        STATE.set(this, ENQUEUED);
    }

    /**
     * Claims the waiter and hands it {@code value}. Called by the one resumer the cell designates (or by close and
     * cancel). Never blocks.
     *
     * @return true if this call won; false if the owner had cancelled (or another resumer won)
     */
    boolean tryResume(Object value) {
        for (;;) {
            Object s = state;
            if (!isWaiting(s) && s != INIT) {
                return false;
            }
            if (STATE.compareAndSet(this, s, value)) {
                if (s == PARKED) {
                    LockSupport.unpark(owner);
                    ThreadWaits.unparked();
                } else if (s == NAPPING) {
                    DeferredWake.wakeLater(owner);
                }
                return true;
            }
        }
    }

    @Override
    int resume(Object value) {
        return tryResume(value) ? RESUMED : FAILED;
    }

    /** Owner only: gives up unless a resumer already won. */
    private boolean tryCancel() {
        for (;;) {
            Object s = state;
            if (!isWaiting(s)) {
                return false;
            }
            if (STATE.compareAndSet(this, s, CANCELLED)) {
                return true;
            }
        }
    }

    /** The value a resumer handed over; valid once {@link #await} returned {@link #CLAIMED}. */
    Object value() {
        return state;
    }

    /**
     * Owner only: waits until claimed, interrupted, or past {@code deadline} (a {@link System#nanoTime()} value, used
     * when {@code timed}). First unparks the thread whose wake-up this one put off, if any. A virtual thread then
     * waits as {@code how} says (see the class comment). An interrupt that loses the race against a resumer is
     * re-asserted, and the result is CLAIMED.
     */
    int await(boolean timed, long deadline, VirtualWait how) {
        boolean virtual = owner.isVirtual();
        boolean nap = virtual && how == VirtualWait.NAP && NAP_NANOS > 0 && noCrowd();
        DeferredWake.wakeNow(waits);
        if (Thread.interrupted()) {
            return cancelOr(INTERRUPTED);
        }
        if (nap) {
            int outcome = nap(timed, deadline);
            if (outcome >= 0) {
                return outcome;
            }
            // the nap ended unclaimed, and the state is PARKED
        } else {
            if (virtual) {
                if (how == VirtualWait.ACTIVE && waitActivelyAsVirtualThread()) {
                    return CLAIMED;
                }
            } else if (spin(SPINS)) {
                return CLAIMED;
            }
            if (!STATE.compareAndSet(this, ENQUEUED, PARKED)) {
                return CLAIMED; // only a resumer moves an ENQUEUED waiter
            }
        }
        return parkUntilClaimed(timed, deadline);
    }

    /**
     * Owner only, PARKED or NAPPING: parks (until the deadline, when {@code timed}) until a resumer claims the waiter,
     * an interrupt or the deadline cancels it, or a resumer wins that race; re-reads the state after every wake-up.
     */
    private int parkUntilClaimed(boolean timed, long deadline) {
        for (;;) {
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    return cancelOr(TIMED_OUT);
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
            if (isClaimed(state)) {
                return CLAIMED;
            }
            if (Thread.interrupted()) {
                return cancelOr(INTERRUPTED);
            }
        }
    }

    /**
     * Owner only, a virtual thread about to park on a buffered channel: parks in state NAPPING, in which a resumer on
     * a virtual thread claims the waiter without unparking it and leaves the wake-up to its own next wait
     * ({@link DeferredWake}) or to the end of the nap. The waiter sits in a slot of the {@link NapWatch} meanwhile, and
     * the park has no time-out (but the deadline): the watch ends the nap within about {@link #NAP_NANOS}, by moving
     * the state to PARKED, whose resumer unparks at once, or by unparking the owner if its wake-up was put off. A
     * wake-up before (an early unpark, a stale permit) only makes the owner look at its state again. When every slot
     * it tries is taken, or no watch thread could be started, it naps on a timer instead ({@link #napOnATimer}).
     * Returns an outcome, or -1 when a nap on a timer ended unclaimed and the state is PARKED.
     */
    private int nap(boolean timed, long deadline) {
        if (!STATE.compareAndSet(this, ENQUEUED, NAPPING)) {
            return CLAIMED;
        }
        NapWatch watch = NapWatch.instance();
        int slot = -1;
        if (watch != null) {
            napNumber++;
            slot = watch.enter(this);
        }
        if (slot < 0) {
            return napOnATimer(timed, deadline);
        }
        try {
            return parkUntilClaimed(timed, deadline);
        } finally {
            watch.leave(this, slot);
        }
    }

    /**
     * Owner only, NAPPING, when no slot of the {@link NapWatch} was to be had: naps with a timed park of at most
     * {@link #NAP_NANOS} (or until the deadline). Returns an outcome, or -1 when the nap ended unclaimed and the state
     * is PARKED.
     */
    private int napOnATimer(boolean timed, long deadline) {
        long now = System.nanoTime();
        long napEnd = now + NAP_NANOS;
        for (;;) {
            long until = timed && deadline - napEnd < 0 ? deadline : napEnd;
            LockSupport.parkNanos(this, until - now);
            if (isClaimed(state)) {
                return CLAIMED;
            }
            if (Thread.interrupted()) {
                return cancelOr(INTERRUPTED);
            }
            now = System.nanoTime();
            if (timed && deadline - now <= 0) {
                return cancelOr(TIMED_OUT);
            }
            if (napEnd - now <= 0) {
                return STATE.compareAndSet(this, NAPPING, PARKED) ? -1 : CLAIMED;
            }
        }
    }

    /** How many naps this waiter has begun; read by the {@link NapWatch} to tell one nap from the next. */
    int napNumber() {
        return napNumber;
    }

    /**
     * The {@link NapWatch}, once the nap lasted a whole tick: a napping waiter becomes PARKED, so that its resumer
     * unparks it at once; a waiter claimed by a resumer that put its wake-up off has its owner unparked now.
     */
    void endNap() {
        Object s = state;
        if (s == NAPPING && STATE.compareAndSet(this, NAPPING, PARKED)) {
            return;
        }
        if (isClaimed(state)) {
            LockSupport.unpark(owner);
        }
    }

    /**
     * Owner only, before a nap: true if at most {@link #YIELD_QUEUE_LIMIT} virtual threads are queued for a carrier
     * ({@link #lookAtScheduler()}). In a crowd the carriers have other work, a put-off wake-up buys nothing, and the
     * naps' timers add up, so the waiter parks for good. False where the JDK does not tell (before 24).
     */
    private boolean noCrowd() {
        return lookAtScheduler() >= 0L;
    }

    /**
     * Owner only: one look at the scheduler, shared by the active wait and the decision to nap. Returns the number of
     * virtual threads queued for a carrier, -1 where the JDK does not tell, or {@link #CROWD} after a look that found
     * more than {@link #YIELD_QUEUE_LIMIT} queued, and without a look for the next 1, 2, 4 ... {@link #MAX_LOOK_BACKOFF}
     * waits of this waiter after that: the look itself reads every carrier's queue indices.
     */
    private long lookAtScheduler() {
        if (waitsWithoutLook > 0) {
            waitsWithoutLook--;
            return CROWD;
        }
        long queued = SchedulerProbe.queuedVirtualThreads();
        if (queued > YIELD_QUEUE_LIMIT) {
            lookBackoff = Math.min(Math.max(1, lookBackoff << 1), MAX_LOOK_BACKOFF);
            waitsWithoutLook = lookBackoff;
            return CROWD;
        }
        lookBackoff = 0;
        return queued;
    }

    /**
     * A virtual thread's active wait, before it parks; true if claimed meanwhile. One look at the scheduler decides:
     * <ul>
     *   <li>nobody queued for a carrier: spin ({@link #VIRTUAL_SPINS}), since the partner can only be running on the
     *   other carrier, then yield;</li>
     *   <li>a few queued (at most {@link #YIELD_QUEUE_LIMIT}): a short spin ({@link #FEW_QUEUED_SPINS}), since the
     *   partner may be running on the other carrier while others are queued (the senders of a select's clauses
     *   taking turns on one carrier), then as below;</li>
     *   <li>then, or at once when the JDK does not tell: yield {@link #YIELDS} times, since the partner we have just
     *   unparked is likely queued on our own carrier and may complete our operation right here;</li>
     *   <li>more queued: a crowd, where a yield sends us to the back of a long queue and costs a switch for nothing.
     *   Park at once, and skip the look for the next 1, 2, 4 ... {@link #MAX_LOOK_BACKOFF} waits of this waiter (and
     *   so of the thread that keeps reusing it): the look itself reads every carrier's queue indices.</li>
     * </ul>
     */
    private boolean waitActivelyAsVirtualThread() {
        boolean unparked = waits.unparkedSinceWait;
        waits.unparkedSinceWait = false;
        long queued = lookAtScheduler();
        if (queued == CROWD) {
            return false;
        }
        if (queued == 0 && VIRTUAL_SPINS > 0 && SchedulerProbe.spinWhileNobodyQueued(this, VIRTUAL_SPINS)) {
            return true;
        }
        if (queued > 0 && !unparked && SchedulerProbe.carriers() > 1 && spin(FEW_QUEUED_SPINS)) {
            return true;
        }
        for (int yields = YIELDS; yields > 0; yields--) {
            if (isClaimed(state)) {
                return true;
            }
            Thread.yield();
        }
        return false;
    }

    /**
     * Owner only: spins {@code spins} spin hints, reading the state before each; true if claimed meanwhile. A platform
     * thread's spin ({@link #SPINS}) before it parks, and a virtual thread's short spin ({@link #FEW_QUEUED_SPINS})
     * when a few virtual threads are queued for a carrier: they wait for it (about 1.7 µs here), but a yield would cost
     * a switch to one of them and back, and the partner, on the other carrier, often claims us sooner. The latter is
     * skipped with one carrier, where the partner can only be one of the queued, and when this thread unparked a waiter
     * since its last active wait: that thread is queued on our carrier and is likely the partner.
     */
    private boolean spin(int spins) {
        for (; spins > 0; spins--) {
            if (isClaimed(state)) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** Owner only: true once a resumer claimed the waiter; what a spinning virtual thread watches. */
    @Override
    public boolean waitEnded() {
        return isClaimed(state);
    }

    private int cancelOr(int outcome) {
        if (tryCancel()) {
            return outcome;
        }
        if (outcome == INTERRUPTED) {
            owner.interrupt(); // the operation completed: keep the interrupt for the caller to see
        }
        return CLAIMED;
    }

    /** True for the states in which the waiter is published and its owner waits: ENQUEUED, NAPPING, PARKED. */
    private static boolean isWaiting(Object s) {
        return s == ENQUEUED || s == NAPPING || s == PARKED;
    }

    private static boolean isClaimed(Object s) {
        return !isWaiting(s) && s != INIT && s != CANCELLED;
    }

    /** True once the waiter was claimed or cancelled; for dumps and tests. */
    boolean isCompleted() {
        Object s = state;
        return !isWaiting(s) && s != INIT;
    }

    private static int spinBudget() {
        int configured = Integer.getInteger("loomchan.waiter.spins", -1);
        if (configured >= 0) {
            return configured;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        // Spinning pays only when the partner runs on another core meanwhile. On two or three cores the partner
        // often needs the very core we would spin on (a virtual thread's carrier, or a loaded machine), so the
        // budget is small there; measured with the benchmarks module.
        return cores >= 4 ? 256 : cores >= 2 ? 32 : 0;
    }

    private static long napBudget() {
        long configured = Long.getLong("loomchan.waiter.napNanos", -1L);
        if (configured >= 0) {
            return configured;
        }
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        return carriers >= 2 ? 100_000L : 0L;
    }

    private static int virtualSpinBudget() {
        int configured = Integer.getInteger("loomchan.waiter.virtualSpins", -1);
        if (configured >= 0) {
            return configured;
        }
        // A spinning virtual thread waits for a partner on another carrier; with one carrier there is none.
        return Runtime.getRuntime().availableProcessors() >= 2 ? 1024 : 0;
    }

    private static int fewQueuedSpinBudget() {
        int configured = Integer.getInteger("loomchan.waiter.fewQueuedSpins", -1);
        if (configured >= 0) {
            return configured;
        }
        return Runtime.getRuntime().availableProcessors() >= 2 ? 128 : 0;
    }

    /** The thread that waits; for diagnostics ({@link CellsSnapshot}). */
    Thread owner() {
        return owner;
    }

    /** INIT, ENQUEUED, PARKED, CANCELLED or CLAIMED, read once; for diagnostics, never for decisions. */
    String stateName() {
        Object s = state;
        return (isWaiting(s) || s == INIT || s == CANCELLED) ? s.toString() : "CLAIMED";
    }

    @Override
    public String toString() {
        return "Waiter[" + owner.getName() + (owner.isVirtual() ? "(virtual)" : "") + ", " + stateName() + "]";
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
