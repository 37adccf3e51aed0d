package dev.loomchan.cancellation;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A stretch of code running on one thread (a {@code withTimeout} body, a scope's body) that another thread may
 * interrupt for a reason of its own: a deadline passed, the scope was cancelled. The frame makes sure that such an
 * interrupt never outlives the stretch, and tells its owner, when the stretch ends, whose interrupt ended it.
 *
 * <p>A thread has one interrupt flag, so interrupts sent by different parties are told apart by bookkeeping: each
 * thread has a {@link Ledger} of the frames open on it (innermost first) and of how many interrupts their
 * {@link #fire() firings} sent since the last account. A firing only interrupts while its frame is still running
 * ({@code RUNNING -> FIRING -> FIRED}); the owner leaving the frame either wins {@code RUNNING -> EXITED} (nothing was
 * sent) or waits for {@code FIRED}, after which no interrupt of this frame is still on its way. The outermost frame
 * that fired then settles the account for every frame inside it: it clears the flag, and it counts the interrupts it
 * can see (the flag still set, the body having thrown {@link InterruptedException}) against those the frames sent. More
 * seen than sent, or the flag found already set when the first firing came, means someone else interrupted the
 * thread too: that interrupt is handed back ({@link Verdict#FIRED_AND_INTERRUPTED_ELSEWHERE}), never swallowed.
 *
 * <p>The one thing no bookkeeping can see: an interrupt from elsewhere that lands while a firing's interrupt is still
 * pending on the flag merges with it into one set flag, and is cleared with it.
 */
final class InterruptFrame {

    /** How a frame ended, from the point of view of the interrupts it may have sent. */
    enum Verdict {
        /** This frame never fired: nothing of it reached the thread; the body's outcome is its own. */
        NOT_FIRED,
        /** This frame fired, but so did an enclosing one, which settles the account: pass the outcome through. */
        ENCLOSING_FIRED,
        /** This frame fired and its (or an inner frame's) interrupt is what the thread saw; the flag is clear. */
        FIRED,
        /**
         * This frame fired, and the thread was also interrupted by someone else: if the body threw
         * {@link InterruptedException}, it belongs to that someone; otherwise the flag has been set again for them.
         */
        FIRED_AND_INTERRUPTED_ELSEWHERE
    }

    private static final ThreadLocal<Ledger> LEDGERS = ThreadLocal.withInitial(Ledger::new);

    private static final int RUNNING = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int EXITED = 3;

    private final Thread owner;
    private final Ledger ledger;
    private final InterruptFrame enclosing;
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private InterruptFrame(Thread owner, Ledger ledger, InterruptFrame enclosing) {
        this.owner = owner;
        this.ledger = ledger;
        this.enclosing = enclosing;
    }

    /** Opens a frame on the calling thread; the caller must {@link #exit} it on the same thread, in LIFO order. */
    static InterruptFrame enter() {
        Ledger ledger = LEDGERS.get();
        InterruptFrame frame = new InterruptFrame(Thread.currentThread(), ledger, ledger.innermost);
        ledger.innermost = frame;
        return frame;
    }

    /**
     * Interrupts the owner thread if the frame is still running and has not fired yet. Safe from any thread, the owner
     * included.
     *
     * @return whether this call sent the interrupt
     */
    boolean fire() {
        if (!state.compareAndSet(RUNNING, FIRING)) {
            return false;
        }
        if (ledger.firedSinceAccount.getAndIncrement() == 0 && owner.isInterrupted()) {
            ledger.interruptedElsewhere = true; // no frame of ours can have set this flag
        }
        owner.interrupt();
        state.set(FIRED);
        return true;
    }

    /** Whether this frame has started firing (its interrupt is sent or about to be). */
    boolean hasFired() {
        int s = state.get();
        return s == FIRING || s == FIRED;
    }

    /**
     * Closes the frame. After this returns no firing of this frame can reach the thread any more.
     *
     * @param bodyThrewInterrupt whether the body ended by throwing {@link InterruptedException}
     */
    Verdict exit(boolean bodyThrewInterrupt) {
        ledger.innermost = enclosing;
        if (state.compareAndSet(RUNNING, EXITED)) {
            return Verdict.NOT_FIRED;
        }
        // The firing thread is between its two steps. Yield to it a few times, then park for a growing moment: a
        // virtual thread that only yields can keep a queued firing thread off the carriers (as FreeSlots found).
        long parkNanos = 1_000L;
        for (int waited = 0; state.get() != FIRED; waited++) {
            if (waited < 16) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, parkNanos);
                parkNanos = Math.min(parkNanos << 1, 1_000_000L);
            }
        }
        if (anEnclosingFrameFired()) {
            return Verdict.ENCLOSING_FIRED;
        }
        boolean flagStillSet = Thread.interrupted();
        int sent = ledger.firedSinceAccount.getAndSet(0);
        boolean elsewhere = ledger.interruptedElsewhere;
        ledger.interruptedElsewhere = false;
        if (anEnclosingFrameFired()) {
            // It fired while this account was being taken: give everything back for it to settle.
            ledger.firedSinceAccount.addAndGet(sent);
            ledger.interruptedElsewhere |= elsewhere;
            if (flagStillSet) {
                owner.interrupt();
            }
            return Verdict.ENCLOSING_FIRED;
        }
        int seen = (flagStillSet ? 1 : 0) + (bodyThrewInterrupt ? 1 : 0);
        if (elsewhere || seen > sent) {
            if (!bodyThrewInterrupt) {
                owner.interrupt();
            }
            return Verdict.FIRED_AND_INTERRUPTED_ELSEWHERE;
        }
        return Verdict.FIRED;
    }

    private boolean anEnclosingFrameFired() {
        for (InterruptFrame f = enclosing; f != null; f = f.enclosing) {
            if (f.hasFired()) {
                return true;
            }
        }
        return false;
    }

    /** The frames open on one thread and the interrupts they sent that nobody has accounted for yet. */
    private static final class Ledger {
        /** Written by the owner thread only; read by it. */
        InterruptFrame innermost;
        final AtomicInteger firedSinceAccount = new AtomicInteger();
        volatile boolean interruptedElsewhere;
    }
}
