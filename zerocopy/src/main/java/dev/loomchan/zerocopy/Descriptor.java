package dev.loomchan.zerocopy;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A handle on one slot of a {@link DescriptorPool}: a {@link MutableDirectBuffer} view of the slot's bytes, a length,
 * and {@link #release()}. A descriptor is owned by exactly one thread at a time, or is in flight in a channel, or is
 * free in its pool; only the owner may touch it.
 *
 * <p>Descriptors are type-stable: the pool makes one per slot, once, and hands the same object out again after every
 * release; a {@link ZeroCopyChannel} carries the object itself. Ownership is the {@code holder} field: the owning
 * {@link Thread}, or {@link #IN_FLIGHT}, or {@link #FREE}. Every use checks it with one acquire read
 * ({@code holder == Thread.currentThread()}), so the checks are deterministic, never sampled:
 * <ul>
 *   <li>a send sets {@code IN_FLIGHT}: the sender's further uses fail (access after send), and keep failing once the
 *       receiver owns it (the holder is then the receiver's thread, not the sender's);</li>
 *   <li>a release sets {@code FREE}: further uses fail (access after release, double release);</li>
 *   <li>a receive sets the holder to the receiving thread, with a compare-and-set, so that exactly one party ever moves
 *       the descriptor out of flight (a receiver, or the pool when the channel drops it). Inside a batch receive it is
 *       a check and a release store instead, so that the cache misses of a run's descriptors overlap; the engine
 *       delivers each element once, and a descriptor a select offered (which its sender's thread may still hold)
 *       keeps the compare-and-set.</li>
 * </ul>
 * Failures throw {@link DescriptorMisuseException}, naming the slot, its generation and its holder. The
 * {@linkplain #generation() generation} counts the slot's ownership changes (acquire, send, receive, release); it
 * appears in every message and in the pool's leak report, so that two sightings of one slot can be told apart.
 *
 * <p>Ownership belongs to a thread, and a descriptor is one object per slot: a thread that releases a descriptor and
 * later acquires the same slot again (or receives it back) owns that object again, and an old reference to it is then
 * indistinguishable from the new one. Everything in between (the descriptor free, in flight, or owned by another
 * thread) is caught. See docs/zerocopy.md for the state diagram.
 */
public final class Descriptor {
    /** The holder of a descriptor that waits in its pool. */
    static final Object FREE = new Marker("free");
    /** The holder of a descriptor that a channel carries. */
    static final Object IN_FLIGHT = new Marker("in flight");

    private static final VarHandle HOLDER;
    private static final VarHandle GENERATION;
    private static final VarHandle ACQUIRED;
    private static final VarHandle RELEASED;
    private static final VarHandle RECLAIMED;
    private static final VarHandle TRANSFERS;
    private static final VarHandle BYTES_MOVED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HOLDER = lookup.findVarHandle(Descriptor.class, "holder", Object.class);
            GENERATION = lookup.findVarHandle(Descriptor.class, "generation", int.class);
            ACQUIRED = lookup.findVarHandle(Descriptor.class, "acquired", long.class);
            RELEASED = lookup.findVarHandle(Descriptor.class, "released", long.class);
            RECLAIMED = lookup.findVarHandle(Descriptor.class, "reclaimed", long.class);
            TRANSFERS = lookup.findVarHandle(Descriptor.class, "transfers", long.class);
            BYTES_MOVED = lookup.findVarHandle(Descriptor.class, "bytesMoved", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DescriptorPool pool;
    private final int slot;
    private final GuardedBuffer buffer;

    /** The owning thread, {@link #IN_FLIGHT} or {@link #FREE}; published with release stores or compare-and-sets. */
    @SuppressWarnings("unused") // through HOLDER
    private volatile Object holder = FREE;
    /** The thread that last sent this descriptor, for messages (written before the holder is published). */
    private Thread lastSender;
    /** The thread that last released this descriptor, for messages. */
    private Thread lastReleaser;
    /**
     * Plain increments where one party owns the descriptor; atomic ones where a select's sender and a receiver (or the
     * pool) may move it at the same moment.
     */
    private int generation;
    private int length;
    /**
     * When it left the pool (System.nanoTime() at acquire), if the pool tracks hold times; for the leak report. Only
     * the acquire reads the clock: a clock read costs about 30 ns here, as much as the rest of a transfer's checks.
     */
    private long acquiredAtNanos;
    /**
     * Whether a select clause offered this descriptor since a receiver last took it. Such a descriptor may be taken
     * by a receiver while its sender's thread still holds it (the select marks it in flight only once it has chosen
     * the clause), so its receiver moves it out of flight with a compare-and-set; any other descriptor is in flight
     * when a receiver gets it, and only that receiver can move it. Written by the owner before the descriptor is
     * published to a channel, cleared by the receiver once it owns it.
     */
    private boolean offeredBySelect;
    /*
     * This slot's share of the pool's statistics, in the descriptor itself (beside the holder, which every move writes
     * anyway): written only by whoever moves the descriptor, one party at a time with a happens-before
     * edge to the next, with opaque writes; read by DescriptorPool#statistics() with opaque reads.
     */
    @SuppressWarnings("unused") private long acquired;
    @SuppressWarnings("unused") private long released;
    @SuppressWarnings("unused") private long reclaimed;
    @SuppressWarnings("unused") private long transfers;
    @SuppressWarnings("unused") private long bytesMoved;

    Descriptor(DescriptorPool pool, int slot, UnsafeBuffer bytes) {
        this.pool = pool;
        this.slot = slot;
        this.buffer = new GuardedBuffer(this, bytes);
    }

    /** The pool this descriptor's slot belongs to. Never checked: a dead handle may still say where it is from. */
    public DescriptorPool pool() {
        return pool;
    }

    /** The slot's index in its pool, from 0. Never checked. */
    public int slot() {
        return slot;
    }

    /** How many times this slot changed hands so far (acquire, send, receive, release). Never checked. */
    public int generation() {
        return generation;
    }

    /**
     * The slot's bytes: a view that checks ownership on every call, so it can be kept in a local variable while the
     * descriptor is owned and fails once it is not. Its capacity is the pool's slot size.
     *
     * @throws DescriptorMisuseException if the calling thread does not own this descriptor
     */
    public MutableDirectBuffer buffer() {
        checkAccess();
        return buffer;
    }

    /** The slot size in bytes (the most {@link #length(int)} accepts). Never checked. */
    public int capacity() {
        return pool.slotSize();
    }

    /**
     * How many bytes of the slot hold the payload, as the last owner set it (0 after acquire).
     *
     * @throws DescriptorMisuseException if the calling thread does not own this descriptor
     */
    public int length() {
        checkAccess();
        return length;
    }

    /**
     * Sets how many bytes of the slot hold the payload; the receiver reads it with {@link #length()}, and the pool
     * counts it as bytes moved by reference when a channel delivers the descriptor.
     *
     * @return this descriptor
     * @throws IllegalArgumentException if {@code length} is negative or above {@link #capacity()}
     * @throws DescriptorMisuseException if the calling thread does not own this descriptor
     */
    public Descriptor length(int length) {
        checkAccess();
        if (length < 0 || length > pool.slotSize()) {
            throw new IllegalArgumentException("length " + length + " outside [0, " + pool.slotSize() + "] for slot "
                    + slot + " of pool '" + pool.name() + "'");
        }
        this.length = length;
        return this;
    }

    /** Whether the calling thread owns this descriptor now. Never throws. */
    public boolean isOwnedByCurrentThread() {
        return HOLDER.getAcquire(this) == Thread.currentThread();
    }

    /**
     * Gives the slot back to its pool; this handle is dead from now on (until the pool hands the slot out again).
     *
     * @throws DescriptorMisuseException if the calling thread does not own this descriptor: released already (double
     *                                   release), in a channel (release in flight), or owned by another thread
     */
    public void release() {
        freeBy(Thread.currentThread());
        pool.returnFreed(this);
    }

    /**
     * The owner {@code caller} gives the slot up: the holder becomes FREE. The caller then puts it back in the pool's
     * free ring ({@link #release()} one at a time, {@link DescriptorPool#releaseAll} in a run).
     */
    void freeBy(Thread caller) {
        // A check and a release store, not a compare-and-set: only the owner passes the check, and the owner is one
        // thread, which cannot release while it waits in a select that offers this descriptor.
        if (HOLDER.getAcquire(this) != caller) {
            throw misuse(caller, true);
        }
        lastReleaser = caller;
        generation++;
        bump(RELEASED, 1);
        HOLDER.setRelease(this, FREE);
    }

    /**
     * Fails unless the calling thread owns this descriptor. One acquire read and a comparison: what every access to
     * the descriptor and its buffer pays.
     *
     * @throws DescriptorMisuseException naming the slot and its holder
     */
    void checkAccess() {
        Thread caller = Thread.currentThread();
        if (HOLDER.getAcquire(this) != caller) {
            throw misuse(caller, false);
        }
    }

    /** Fails unless the calling thread owns this descriptor and so may release it; as {@link #release()} would fail. */
    void checkReleasable() {
        Thread caller = Thread.currentThread();
        if (HOLDER.getAcquire(this) != caller) {
            throw misuse(caller, true);
        }
    }

    /** The pool hands this free descriptor to {@code owner}; the pool took it from its free ring, so no one races. */
    void acquiredBy(Thread owner, boolean trackTime) {
        acquiredBy(owner, trackTime, trackTime ? System.nanoTime() : 0L);
    }

    /** As {@link #acquiredBy(Thread, boolean)}, with the clock read once for a run of acquires. */
    void acquiredBy(Thread owner, boolean trackTime, long nowNanos) {
        generation++;
        length = 0;
        if (trackTime) {
            acquiredAtNanos = nowNanos;
        }
        bump(ACQUIRED, 1);
        HOLDER.setRelease(this, owner);
    }

    /**
     * The calling thread hands this descriptor to a channel: from now on it is in flight. Fails unless the caller owns
     * it.
     */
    void sendBy(Thread sender) {
        if (HOLDER.getAcquire(this) != sender) {
            throw misuse(sender, false);
        }
        lastSender = sender;
        generation++;
        HOLDER.setRelease(this, IN_FLIGHT);
    }

    /** A select clause is being built to send this descriptor: its receiver must take it out of flight with a CAS. */
    void markOfferedBySelect() {
        offeredBySelect = true;
    }

    /**
     * A select's send clause was chosen: the descriptor is in flight unless a receiver already took it (a select's
     * clause is checked and registered while its thread still owns the descriptor, see {@link ZeroCopyChannel#onSend}).
     */
    void sentBySelect(Thread sender) {
        lastSender = sender;
        if (HOLDER.compareAndSet(this, sender, IN_FLIGHT)) {
            GENERATION.getAndAdd(this, 1);
        }
    }

    /** A send that did not happen (time-out, trySend failure): the descriptor is the sender's again. */
    void sendUndone(Thread sender) {
        generation++;
        HOLDER.setRelease(this, sender);
    }

    /**
     * A channel delivered this descriptor to {@code receiver} on its own: it owns it now. The descriptor is in flight,
     * or still held by the thread whose select clause sent it and has not yet marked it in flight. A compare-and-set:
     * it takes the line, which the sender wrote last, in one transaction, where a check and a store would take it
     * twice (shared, then exclusive), and a lone receive has nothing to overlap that second miss with.
     */
    void receivedBy(Thread receiver) {
        takeOutOfFlight(receiver, "delivered");
        offeredBySelect = false;
        countDelivery();
    }

    /**
     * A batch receive delivered this descriptor to {@code receiver}, one of a run: it owns it now. A check and a
     * release store, unless a select offered it (then as {@link #receivedBy}): a compare-and-set would wait for the
     * misses of the run's earlier descriptors, where plain accesses let them overlap. A channel delivers an element
     * once, so only this receiver moves a descriptor that a plain send put in flight.
     */
    void receivedInRunBy(Thread receiver) {
        if (offeredBySelect) {
            receivedBy(receiver);
            return;
        }
        Object seen = HOLDER.getAcquire(this);
        if (seen != IN_FLIGHT) {
            throw handedOutTwice("delivered", seen);
        }
        generation++;
        HOLDER.setRelease(this, receiver);
        countDelivery();
    }

    private void countDelivery() {
        bump(TRANSFERS, 1);
        bump(BYTES_MOVED, length);
    }

    /**
     * A batch receive delivered this descriptor to {@code receiver}, whose collection then refused it: it goes back in
     * flight, so that the channel can hand it on as undelivered (see {@link ZeroCopyChannel#drainTo}).
     */
    void backInFlight(Thread receiver) {
        if (!HOLDER.compareAndSet(this, receiver, IN_FLIGHT)) {
            throw misuse(receiver, false);
        }
        GENERATION.getAndAdd(this, 1);
        bump(TRANSFERS, -1); // the delivery counted by receivedInRunBy did not happen
        bump(BYTES_MOVED, -length);
    }

    /**
     * A channel gives up this descriptor (close, cancel, a {@code DROP_*} policy, an interrupted send): it goes back to
     * the pool. Like a receive, it moves the descriptor out of flight exactly once.
     */
    void reclaimUndelivered() {
        takeOutOfFlight(FREE, "gave back");
        lastReleaser = Thread.currentThread();
        bump(RELEASED, 1);
        bump(RECLAIMED, 1);
        pool.returnFreed(this);
    }

    /**
     * Moves the descriptor from flight (or from the select sender that has not marked it yet) to {@code next}, with a
     * compare-and-set: a receive and a drop never both win. A free descriptor here means the channel handed one element
     * out twice.
     */
    private void takeOutOfFlight(Object next, String what) {
        Object seen;
        do {
            seen = HOLDER.getAcquire(this);
            if (seen == FREE) {
                throw handedOutTwice(what, seen);
            }
        } while (!HOLDER.compareAndSet(this, seen, next));
        GENERATION.getAndAdd(this, 1);
    }

    private IllegalStateException handedOutTwice(String what, Object seen) {
        return new IllegalStateException("a channel " + what + " slot " + slot + " of pool '" + pool.name()
                + "', which is " + describeHolder(seen) + ": the channel handed one element out twice");
    }

    /** The holder now, for the leak report: a Thread, {@link #IN_FLIGHT} or {@link #FREE}. */
    Object holder() {
        return HOLDER.getAcquire(this);
    }

    Thread lastSender() {
        return lastSender;
    }

    long acquiredAtNanos() {
        return acquiredAtNanos;
    }

    long counter(Counter counter) {
        return (long) handle(counter).getOpaque(this);
    }

    private static VarHandle handle(Counter counter) {
        return switch (counter) {
            case ACQUIRED -> ACQUIRED;
            case RELEASED -> RELEASED;
            case RECLAIMED -> RECLAIMED;
            case TRANSFERS -> TRANSFERS;
            case BYTES_MOVED -> BYTES_MOVED;
        };
    }

    /** Adds {@code by} to one of this slot's statistics counters; only the party moving the descriptor calls it. */
    private void bump(VarHandle counter, long by) {
        counter.setOpaque(this, (long) counter.getOpaque(this) + by);
    }

    private DescriptorMisuseException misuse(Thread caller, boolean releasing) {
        Object seen = HOLDER.getAcquire(this);
        DescriptorMisuseException.Kind kind;
        if (seen == FREE) {
            kind = releasing ? DescriptorMisuseException.Kind.DOUBLE_RELEASE
                    : DescriptorMisuseException.Kind.ACCESS_AFTER_RELEASE;
        } else if (seen == IN_FLIGHT) {
            kind = releasing ? DescriptorMisuseException.Kind.RELEASE_IN_FLIGHT
                    : DescriptorMisuseException.Kind.ACCESS_AFTER_SEND;
        } else if (lastSender == caller) {
            kind = releasing ? DescriptorMisuseException.Kind.RELEASE_AFTER_SEND
                    : DescriptorMisuseException.Kind.ACCESS_AFTER_SEND;
        } else {
            kind = DescriptorMisuseException.Kind.NOT_OWNER;
        }
        return new DescriptorMisuseException(kind, this, seen, caller, describeHolder(seen));
    }

    String describeHolder(Object seen) {
        if (seen == FREE) {
            return "free in its pool" + (lastReleaser == null ? "" : " (released by " + lastReleaser + ")");
        }
        if (seen == IN_FLIGHT) {
            return "in flight in a channel (sent by " + lastSender + ")";
        }
        return "owned by " + seen;
    }

    @Override
    public String toString() {
        Object seen = HOLDER.getAcquire(this);
        return "Descriptor{pool '" + pool.name() + "', slot " + slot + ", generation " + generation + ", "
                + describeHolder(seen) + "}";
    }

    /** The per-slot statistics counters. */
    enum Counter { ACQUIRED, RELEASED, RECLAIMED, TRANSFERS, BYTES_MOVED }

    /** A named sentinel holder, so that a message or a debugger shows what it means. */
    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
