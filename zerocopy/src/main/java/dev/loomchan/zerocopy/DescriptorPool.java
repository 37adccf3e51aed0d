package dev.loomchan.zerocopy;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed set of equal, cache-line-aligned slots carved out of one off-heap region, handed out as {@link Descriptor}s.
 *
 * <p>The free descriptors wait in a lock-free ring ({@code FreeSlots}) where a run of any length is taken with one
 * fetch-and-add; a {@link Semaphore} counts them, so that {@link #acquire()} parks while the pool is exhausted
 * (back-pressure) and wakes when a slot comes back. A run ({@link #acquire(Collection, int)},
 * {@link #releaseAll(Collection)}) touches the semaphore once; only an exhausted pool parks. Nothing is allocated
 * after construction, except by a waiting acquire (the semaphore's queue node).
 *
 * <p>Each slot has one descriptor for the pool's whole life; the pool never copies payloads. Statistics are kept per
 * slot by whoever owns the slot at the time (no shared counter on the fast path) and summed by {@link #statistics()}.
 *
 * <p>The region is a direct {@link ByteBuffer}: it is freed when the pool and all its descriptors are unreachable.
 */
public final class DescriptorPool {
    /** Slot sizes are rounded up to a multiple of this, and the region is aligned to it: one cache line. */
    public static final int ALIGNMENT = 64;

    private static final VarHandle HIGH_WATER;

    static {
        try {
            HIGH_WATER = MethodHandles.lookup().findVarHandle(DescriptorPool.class, "highWater", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int slotSize;
    private final int slotCount;
    private final boolean trackHoldTimes;
    private final Descriptor[] slots;
    private final FreeSlots free;
    private final Semaphore available;
    private final LongAdder exhaustedWaits = new LongAdder();
    @SuppressWarnings("unused") // through HIGH_WATER
    private volatile int highWater;

    private DescriptorPool(Builder builder) {
        this.name = builder.name;
        this.slotSize = roundUpToAlignment(builder.slotSize);
        this.slotCount = builder.slotCount;
        this.trackHoldTimes = builder.trackHoldTimes;
        ByteBuffer region = BufferUtil.allocateDirectAligned(Math.multiplyExact(slotSize, slotCount), ALIGNMENT);
        this.slots = new Descriptor[slotCount];
        this.free = new FreeSlots(slots);
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new Descriptor(this, i, new UnsafeBuffer(region, i * slotSize, slotSize));
            free.put(slots[i]);
        }
        this.available = new Semaphore(slotCount);
    }

    /** A pool of {@code slotCount} slots of {@code slotSize} bytes (rounded up to a multiple of 64). */
    public static DescriptorPool create(int slotSize, int slotCount) {
        return builder().slotSize(slotSize).slotCount(slotCount).build();
    }

    /** A builder: slot size and count, a name for messages, and whether to time holds for the leak report. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes a free descriptor, waiting while there is none. The calling thread owns it until it sends or releases it.
     *
     * @throws InterruptedException if interrupted while waiting (no descriptor is taken)
     */
    public Descriptor acquire() throws InterruptedException {
        if (!available.tryAcquire()) {
            exhaustedWaits.increment();
            available.acquire();
        }
        return takeFree();
    }

    /** Takes a free descriptor if there is one now, or returns {@code null}. Never waits. */
    public Descriptor tryAcquire() {
        if (!available.tryAcquire()) {
            exhaustedWaits.increment();
            return null;
        }
        return takeFree();
    }

    /**
     * Takes a free descriptor, waiting at most {@code timeout} for one.
     *
     * @return the descriptor, or {@code null} if none came back in time
     * @throws InterruptedException if interrupted while waiting (no descriptor is taken)
     */
    public Descriptor tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (!available.tryAcquire()) {
            exhaustedWaits.increment();
            if (!available.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                return null;
            }
        }
        return takeFree();
    }

    /**
     * Takes up to {@code max} free descriptors into {@code into}, waiting only while none is free: the batch form of
     * {@link #acquire()}. It takes at least one, then as many more as are free now. The pool's permit count and the
     * clock are touched once per call instead of once per descriptor. The calling thread owns each descriptor taken.
     *
     * @return how many descriptors were added to {@code into}, at least 1
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @throws InterruptedException if interrupted while waiting for the first (then none is taken)
     */
    public int acquire(Collection<? super Descriptor> into, int max) throws InterruptedException {
        Objects.requireNonNull(into, "into");
        if (max < 1) {
            throw new IllegalArgumentException("acquire(into, max): max must be at least 1, was " + max);
        }
        int permits = takePermits(max);
        if (permits == 0) {
            exhaustedWaits.increment();
            available.acquire();
            permits = 1 + takePermits(max - 1);
        }
        return takeFree(into, permits);
    }

    /**
     * Takes up to {@code max} descriptors that are free now into {@code into}, never waiting: the batch form of
     * {@link #tryAcquire()}.
     *
     * @return how many descriptors were added to {@code into}; 0 if none is free or {@code max} is 0 or less
     */
    public int tryAcquire(Collection<? super Descriptor> into, int max) {
        Objects.requireNonNull(into, "into");
        if (max <= 0) {
            return 0;
        }
        int permits = takePermits(max);
        if (permits == 0) {
            exhaustedWaits.increment();
            return 0;
        }
        return takeFree(into, permits);
    }

    /**
     * Gives back every descriptor of {@code descriptors}, as {@link Descriptor#release()} gives back one, with one
     * update of the permit count for the whole run. All are checked first: if one is from another pool or is not the
     * caller's, the call throws {@link DescriptorMisuseException} and releases none. (A descriptor listed twice is
     * found at its second release: the ones before it are back in the pool when that throws.)
     *
     * @throws DescriptorMisuseException naming the first descriptor the caller may not release
     */
    public void releaseAll(Collection<? extends Descriptor> descriptors) {
        Objects.requireNonNull(descriptors, "descriptors");
        for (Descriptor descriptor : descriptors) {
            checkMine(Objects.requireNonNull(descriptor, "descriptor"));
            descriptor.checkReleasable();
        }
        Thread caller = Thread.currentThread();
        int released = 0;
        try {
            for (Descriptor descriptor : descriptors) {
                descriptor.freeBy(caller);
                free.put(descriptor);
                released++;
            }
        } finally {
            available.release(released);
        }
    }

    /**
     * Gives {@code descriptor} back, as {@link Descriptor#release()} does.
     *
     * @throws DescriptorMisuseException if the descriptor is from another pool, or the caller does not own it
     */
    public void release(Descriptor descriptor) {
        checkMine(descriptor);
        descriptor.release();
    }

    /** The pool's counters now. Sums over the slots: O(slot count). */
    public PoolStatistics statistics() {
        long acquired = 0, released = 0, reclaimed = 0, transfers = 0, bytes = 0;
        for (Descriptor slot : slots) {
            acquired += slot.counter(Descriptor.Counter.ACQUIRED);
            released += slot.counter(Descriptor.Counter.RELEASED);
            reclaimed += slot.counter(Descriptor.Counter.RECLAIMED);
            transfers += slot.counter(Descriptor.Counter.TRANSFERS);
            bytes += slot.counter(Descriptor.Counter.BYTES_MOVED);
        }
        return new PoolStatistics(slotCount, slotSize, acquired, released, reclaimed, transfers, bytes, inUse(),
                (int) HIGH_WATER.getVolatile(this), exhaustedWaits.sum());
    }

    /**
     * The descriptors out of the pool (owned by a thread or in flight) for longer than {@code threshold} since they were
     * acquired, with their owner now, in slot order. Needs hold-time tracking (on by default, see {@link Builder#trackHoldTimes(boolean)}); without it,
     * every held descriptor is listed with a zero duration.
     */
    public List<HeldDescriptor> leakReport(Duration threshold) {
        long now = System.nanoTime();
        long limit = threshold.toNanos();
        List<HeldDescriptor> held = new ArrayList<>();
        for (Descriptor slot : slots) {
            Object holder = slot.holder();
            if (holder == Descriptor.FREE) {
                continue;
            }
            long heldFor = trackHoldTimes ? now - slot.acquiredAtNanos() : 0;
            if (trackHoldTimes && heldFor <= limit) {
                continue;
            }
            boolean inFlight = holder == Descriptor.IN_FLIGHT;
            Thread owner = inFlight ? slot.lastSender() : (Thread) holder;
            held.add(new HeldDescriptor(slot.slot(), slot.generation(), owner, inFlight, Duration.ofNanos(heldFor)));
        }
        return held;
    }

    /** Slots not free now. */
    public int inUse() {
        return slotCount - available.availablePermits();
    }

    /** The pool's name, in messages and reports. */
    public String name() {
        return name;
    }

    /** Bytes per slot: the requested size rounded up to a multiple of {@link #ALIGNMENT}. */
    public int slotSize() {
        return slotSize;
    }

    /** The number of slots. */
    public int slotCount() {
        return slotCount;
    }

    /** The descriptor of slot {@code index}, whoever holds it: for diagnostics and tests. */
    public Descriptor slot(int index) {
        return slots[Objects.checkIndex(index, slotCount)];
    }

    @Override
    public String toString() {
        return "DescriptorPool{'" + name + "', " + slotCount + " x " + slotSize + " B, " + inUse() + " in use}";
    }

    /** Fails with {@link DescriptorMisuseException.Kind#FOREIGN_POOL} unless {@code descriptor} is one of this pool's. */
    void checkMine(Descriptor descriptor) {
        if (descriptor.pool() != this) {
            Object holder = descriptor.holder();
            throw new DescriptorMisuseException(DescriptorMisuseException.Kind.FOREIGN_POOL, descriptor, holder,
                    Thread.currentThread(), descriptor.describeHolder(holder), "given to pool '" + name + "'");
        }
    }

    /** A descriptor whose holder is {@link Descriptor#FREE} now comes back to the free ring. */
    void returnFreed(Descriptor descriptor) {
        free.put(descriptor);
        available.release();
    }

    /** Takes up to {@code max} permits that are free now, all at once; returns how many (0 if none). */
    private int takePermits(int max) {
        while (max > 0) {
            int free = Math.min(max, available.availablePermits());
            if (free <= 0) {
                return 0;
            }
            if (available.tryAcquire(free)) {
                return free;
            }
        }
        return 0;
    }

    /**
     * After {@code permits} permits: takes that many descriptors from the free ring into {@code into}, with one claim
     * and one clock read for the run. If {@code into} refuses one, that one goes back to the pool, and the ones the
     * run claimed but had not handed out yet with it, before the exception propagates.
     */
    private int takeFree(Collection<? super Descriptor> into, int permits) {
        Thread owner = Thread.currentThread();
        long now = trackHoldTimes ? System.nanoTime() : 0L;
        long first = free.claim(permits);
        for (int taken = 0; taken < permits; taken++) {
            Descriptor descriptor = free.takeAt(first + taken);
            descriptor.acquiredBy(owner, trackHoldTimes, now);
            try {
                into.add(descriptor);
            } catch (RuntimeException e) {
                descriptor.release();
                for (int rest = taken + 1; rest < permits; rest++) {
                    free.put(free.takeAt(first + rest)); // claimed, never handed out: still free
                }
                available.release(permits - taken - 1);
                noteInUse();
                throw e;
            }
        }
        noteInUse();
        return permits;
    }

    /** After a permit: the free ring holds a descriptor for it (put in before the permit was released). */
    private Descriptor takeFree() {
        Descriptor descriptor = free.takeAt(free.claim(1));
        noteInUse();
        descriptor.acquiredBy(Thread.currentThread(), trackHoldTimes);
        return descriptor;
    }

    private void noteInUse() {
        int inUse = inUse();
        int seen = highWater;
        while (inUse > seen && !HIGH_WATER.weakCompareAndSet(this, seen, inUse)) {
            seen = highWater;
        }
    }

    private static int roundUpToAlignment(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("slot size must be positive, was " + size);
        }
        return Math.multiplyExact((size + ALIGNMENT - 1) / ALIGNMENT, ALIGNMENT);
    }

    /** Configures a {@link DescriptorPool}. */
    public static final class Builder {
        private int slotSize = 1024;
        private int slotCount = 256;
        private String name = "descriptors";
        private boolean trackHoldTimes = true;

        private Builder() {
        }

        /** Bytes per slot, rounded up to a multiple of 64 (default 1024). */
        public Builder slotSize(int slotSize) {
            if (slotSize <= 0) {
                throw new IllegalArgumentException("slotSize must be positive, was " + slotSize);
            }
            this.slotSize = slotSize;
            return this;
        }

        /** The number of slots (default 256, at most 2^25). */
        public Builder slotCount(int slotCount) {
            if (slotCount <= 0 || slotCount > FreeSlots.MAX_SLOTS) {
                throw new IllegalArgumentException(
                        "slotCount must be between 1 and " + FreeSlots.MAX_SLOTS + ", was " + slotCount);
            }
            this.slotCount = slotCount;
            return this;
        }

        /** The pool's name, in messages and reports (default "descriptors"). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Whether acquire reads the clock, so that {@link #leakReport(Duration)} can tell how long a descriptor has been
         * out of the pool (default true; costs one {@code System.nanoTime()} per acquire, about 30 ns on the machine of
         * docs/zerocopy.md).
         */
        public Builder trackHoldTimes(boolean trackHoldTimes) {
            this.trackHoldTimes = trackHoldTimes;
            return this;
        }

        /** The pool, with its region allocated and every slot free. */
        public DescriptorPool build() {
            return new DescriptorPool(this);
        }
    }
}
