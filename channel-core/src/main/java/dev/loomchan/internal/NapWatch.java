package dev.loomchan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that ends naps, in place of a timer per nap.
 *
 * <h2>Why</h2>
 * A napping virtual thread ({@link Waiter}, state NAPPING) must not nap for ever: after about {@link Waiter#NAP_NANOS}
 * it has to become an ordinary PARKED waiter, whose resumers unpark it at once, and a wake-up that a resumer put off
 * ({@link DeferredWake}) must come even if that resumer never waits again. A timed park gives both, but on a virtual
 * thread every timed park arms a timer in the JDK's delay scheduler and every early wake-up cancels it: an allocation,
 * and a signal to the scheduler's own thread, twice per nap. A pipeline over a small buffer naps every few
 * microseconds, and those timers cost it a tenth to a fifth of its time. One thread that looks at every nap once per
 * tick costs a wake-up per tick instead.
 *
 * <h2>The slots</h2>
 * A napping thread parks without a time-out after it has put its waiter into one of {@link #SLOTS} slots (a CAS from
 * null, at a place hashed from its thread id and the next few after it); it takes its waiter out again (a CAS back to
 * null) when its wait ends. Each slot has a cache line of its own, since a slot is written by its napper twice per nap.
 * When every slot it tries is taken, the thread naps the old way, with a timed park.
 *
 * <h2>The tick</h2>
 * Every tick, half of {@link Waiter#NAP_NANOS} (50 µs), the watch thread reads every slot. A waiter it finds in the
 * same slot, in the same nap (the waiter counts its naps, {@link Waiter#napNumber()}), as at the tick before has napped
 * for at least a whole tick: the watch empties the slot and ends the nap ({@link Waiter#endNap()}: NAPPING becomes
 * PARKED, or, if a resumer claimed the waiter and put its wake-up off, the owner is unparked now). So a nap lasts
 * between one and two ticks, and a put-off wake-up comes no later than the nap's end. A tick lasts longer than it asks
 * when the kernel wakes the watch thread late: a timed park of a platform thread may overrun by the kernel's timer
 * slack (50 µs on Linux) and more; on the 2-core machine of docs/benchmarks.md a 50 µs park lasts about 137 µs. The
 * JDK's timers run on a platform thread too and are late by as much.
 *
 * <h2>Races</h2>
 * The watch reads a slot and the waiter's nap number without stopping the owner: the owner may meanwhile take the
 * waiter out, finish its wait and nap again with the same waiter (a reused spare), even in the same slot. So the nap
 * number only tells the watch which waiters to look at; what makes it safe is the order of its two steps. The watch
 * first takes the waiter out of its slot, by a CAS that succeeds only if the slot still holds it, and only then ends
 * its nap, reading the state afresh. At the moment of that CAS the waiter was napping in the slot (the owner puts it
 * there after it moved to NAPPING, and takes it out before its wait returns), so whichever nap the owner is in by
 * then, the end of the nap covers it: a NAPPING waiter becomes PARKED, and its resumer will unpark it; a claimed one
 * has its owner unparked; a waiter back in ENQUEUED belongs to an owner that is awake, whose next nap puts it into a
 * slot again. (Ending the nap first and then emptying the slot would lose a wake-up: in between, the owner may finish
 * that nap and begin the next in the same slot, and the watch would take that nap out of its slot without ending it;
 * a resumer that put off its wake-up and never waited again would then leave the owner parked for ever.) What the
 * races can cost is harmless: a nap ended early (the owner becomes PARKED a tick too soon, and its next resumer
 * unparks it at once), or an owner unparked while it runs, which leaves a permit that makes its next park return at
 * once; every park in the engine re-reads its state after waking.
 *
 * <h2>Sleeping</h2>
 * After {@link #IDLE_TICKS} ticks with every slot empty the watch thread parks without a time-out. It first sets
 * {@link #sleeping} and then reads every slot once more; a napper writes its slot and then reads {@link #sleeping}.
 * Both are volatile, so at least one of them sees the other: either the watch finds the slot taken and stays awake, or
 * the napper finds the watch asleep and unparks it. A program that never naps never starts the thread: it is created
 * on the first nap.
 */
final class NapWatch {
    /** The number of slots: a power of two, well above the number of threads that nap at once on a few cores. */
    static final int SLOTS = 64;
    /** Slots tried by one napper before it naps the old way. */
    private static final int PROBES = 4;
    /** Array elements between two slots: 16 references are 64 bytes or more, a cache line. */
    private static final int STRIDE = 16;
    /** Ticks with every slot empty before the watch thread sleeps until the next nap. */
    static final int IDLE_TICKS = 64;
    /** The shortest tick, whatever {@link Waiter#NAP_NANOS} says: the watch must not spin. */
    private static final long MIN_TICK_NANOS = 10_000;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] slots = new Object[SLOTS * STRIDE];
    private final long tickNanos;
    private final Thread thread;
    /** True while the watch thread sleeps (or is about to), with every slot empty. */
    private volatile boolean sleeping;

    /** The watch thread's own: what each slot held at the last tick, and in which nap. */
    private final Waiter[] seen = new Waiter[SLOTS];
    private final int[] seenNap = new int[SLOTS];

    NapWatch(long tickNanos) {
        this.tickNanos = Math.max(MIN_TICK_NANOS, tickNanos);
        Thread watchThread = Thread.ofPlatform().daemon().name("loomchan-nap-watch")
                .inheritInheritableThreadLocals(false).unstarted(this::watch);
        watchThread.setContextClassLoader(null); // keeps no application's class loader reachable
        this.thread = watchThread;
        watchThread.start();
    }

    /**
     * The watch every nap of the engine uses, started by the first nap; null if no thread could be started then (the
     * naps then go on timers).
     */
    static NapWatch instance() {
        return Holder.WATCH;
    }

    private static final class Holder {
        static final NapWatch WATCH = start();

        private static NapWatch start() {
            try {
                return new NapWatch(Waiter.NAP_NANOS / 2);
            } catch (OutOfMemoryError | RuntimeException noThread) {
                return null;
            }
        }
    }

    /**
     * Napper only, its waiter already NAPPING: puts {@code waiter} into a free slot, and wakes the watch thread if it
     * sleeps. Returns the slot, or -1 when every slot tried was taken (the caller then naps with a timed park).
     */
    int enter(Waiter waiter) {
        int start = (int) (Thread.currentThread().threadId() * 0x9E3779B9L >>> 16);
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (start + probe) & (SLOTS - 1);
            int index = slot * STRIDE;
            if (SLOT.getOpaque(slots, index) == null && SLOT.compareAndSet(slots, index, null, waiter)) {
                if (sleeping) {
                    wakeUp();
                }
                return slot;
            }
        }
        return -1;
    }

    /** Napper only, when its wait ends: takes {@code waiter} out of {@code slot} unless the watch already did. */
    void leave(Waiter waiter, int slot) {
        SLOT.compareAndSet(slots, slot * STRIDE, waiter, null);
    }

    /** The waiter of {@code owner} if it is in a slot now, or null; for tests. */
    Waiter waiterOf(Thread owner) {
        for (int slot = 0; slot < SLOTS; slot++) {
            Waiter waiter = (Waiter) SLOT.getVolatile(slots, slot * STRIDE);
            if (waiter != null && waiter.owner() == owner) {
                return waiter;
            }
        }
        return null;
    }

    /** True while the watch thread sleeps; for tests. */
    boolean isSleeping() {
        return sleeping && thread.getState() == Thread.State.WAITING;
    }

    private void wakeUp() {
        sleeping = false;
        LockSupport.unpark(thread);
    }

    private void watch() {
        int idleTicks = 0;
        for (;;) {
            LockSupport.parkNanos(this, tickNanos);
            if (tick()) {
                idleTicks = 0;
            } else if (++idleTicks >= IDLE_TICKS) {
                sleepUntilANap();
                idleTicks = 0;
            }
        }
    }

    /** One look at every slot; true if any was taken. */
    private boolean tick() {
        boolean any = false;
        for (int slot = 0; slot < SLOTS; slot++) {
            Waiter waiter = (Waiter) SLOT.getAcquire(slots, slot * STRIDE);
            if (waiter == null) {
                seen[slot] = null;
                continue;
            }
            any = true;
            int nap = waiter.napNumber();
            if (waiter == seen[slot] && nap == seenNap[slot]) {
                // First out of the slot, then the end of the nap: see "Races" in the class comment.
                if (SLOT.compareAndSet(slots, slot * STRIDE, waiter, null)) {
                    waiter.endNap();
                }
                seen[slot] = null;
            } else {
                seen[slot] = waiter;
                seenNap[slot] = nap;
            }
        }
        return any;
    }

    private void sleepUntilANap() {
        sleeping = true;
        while (sleeping) {
            for (int slot = 0; slot < SLOTS; slot++) {
                if (SLOT.getVolatile(slots, slot * STRIDE) != null) {
                    sleeping = false;
                    return;
                }
            }
            LockSupport.park(this);
        }
    }
}
