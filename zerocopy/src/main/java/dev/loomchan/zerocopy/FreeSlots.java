package dev.loomchan.zerocopy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/*
 * The free descriptors of a pool: a ring of entries (slot indices) with a take index and a put index, where a run of
 * any length is claimed with one fetch-and-add.
 *
 * Why not a JCTools queue: the pool's runs (acquire(into, max), releaseAll) move tens of descriptors at a time, and
 * MpmcArrayQueue claims one element per compare-and-set. A locked instruction waits for every store before it, and a
 * run writes each descriptor it moves (owner, generation), a line that the other side of the pipeline last wrote: with
 * one CAS per descriptor, those misses were paid one after another. Here a run pays one locked instruction, and the
 * misses of its descriptors overlap. (Puts go one at a time, each with its own fetch-and-add: the releasing thread
 * owns the descriptors it puts, so their lines are in its cache already, and a caller's collection cannot be trusted
 * to hold as many descriptors on a second look as it did on the first.)
 *
 * The ring never holds more than the pool's slot count, and it is at least that big, so a put never finds it full.
 * Who may take is decided before the ring is touched: the pool's semaphore counts free descriptors, and a taker
 * holds a permit for every descriptor it takes. A put writes its entry before the permit for it is released, so a
 * taker with permits never claims a position that no put has claimed.
 *
 * A position is claimed by exactly one putter and one taker (the fetch-and-adds hand them out), but the putter of
 * position p + size and the taker of p share an entry, and so do the taker of p + size and the putter of p: two
 * laps can be at one entry at once. So each entry carries a sequence, as in Vyukov's bounded MPMC queue (which
 * JCTools' MpmcArrayQueue implements, with a CAS per element where this ring has a fetch-and-add per run): the
 * sequence says whose turn it is, and only that thread touches the entry. An entry is one long, the sequence in the
 * high bits and the descriptor's slot index in the low ones, so that a move reads and writes one word (a line holds
 * eight entries).
 *
 *   entry i starts with sequence i.
 *   put at p:   wait until its sequence is p; write (p + 1, slot index) (release).
 *   take at p:  wait until its sequence is p + 1 (acquire); read the slot index; write (p + size, -) (release).
 *
 * Sequences are kept modulo 2^39 and compared so: two turns of one entry that a thread could confuse are at most two
 * laps apart, and a lap is at most 2^25 positions (the slot index has 25 bits).
 *
 * The waits are for another thread in the middle of its own few instructions: a taker whose entry's putter has
 * claimed it and not written it yet (its permit came from another put), or a putter whose entry the taker of the lap
 * before has claimed and not yet cleared. They spin briefly, then yield a few times, then park for a growing moment:
 * with more threads than processors, the thread waited for may have lost its processor between its claim and its
 * write, and a spinner would keep it off (FreeSlotsTest's four threads on two cores ran for minutes without the
 * yield). Yielding alone is not enough either: a yielding virtual thread goes back to a queue its carrier polls first,
 * and three virtual threads yielding on two carriers kept a fourth, queued elsewhere, off them for good (the
 * four-thread run test of PoolBatchTest hung about once in ten). A parked waiter leaves the carriers to the others.
 *
 * Ordering: the sequence word's release by a putter and acquire by the taker carry the descriptor, and its state
 * (free, with its statistics), from releaser to acquirer, as the semaphore's release and acquire do too; the taker's
 * release hands the emptied entry to the next lap's putter. The indices only hand out positions.
 */

abstract class FreeSlotsPad0 {
    long p0_00, p0_01, p0_02, p0_03, p0_04, p0_05, p0_06, p0_07;
    long p0_08, p0_09, p0_10, p0_11, p0_12, p0_13, p0_14, p0_15;
    // Bytes fill the holes the field packer would otherwise hand to a later class's fields (as in ChannelCounters).
    byte b0_0, b0_1, b0_2, b0_3, b0_4, b0_5, b0_6, b0_7;
}

abstract class FreeSlotsTakeIndex extends FreeSlotsPad0 {
    /** Positions below it were claimed by takers. */
    volatile long takeIndex;
}

abstract class FreeSlotsPad1 extends FreeSlotsTakeIndex {
    long p1_00, p1_01, p1_02, p1_03, p1_04, p1_05, p1_06, p1_07;
    long p1_08, p1_09, p1_10, p1_11, p1_12, p1_13, p1_14, p1_15;
    byte b1_0, b1_1, b1_2, b1_3, b1_4, b1_5, b1_6, b1_7;
}

abstract class FreeSlotsPutIndex extends FreeSlotsPad1 {
    /** Positions below it were claimed by putters. */
    volatile long putIndex;
}

abstract class FreeSlotsPad2 extends FreeSlotsPutIndex {
    long p2_00, p2_01, p2_02, p2_03, p2_04, p2_05, p2_06, p2_07;
    long p2_08, p2_09, p2_10, p2_11, p2_12, p2_13, p2_14, p2_15;
    byte b2_0, b2_1, b2_2, b2_3, b2_4, b2_5, b2_6, b2_7;
}

/** The free descriptors of one pool (see the comment above). */
final class FreeSlots extends FreeSlotsPad2 {
    /** Slot indices fit in this many low bits of an entry; the most slots a pool may have is 2^25. */
    static final int INDEX_BITS = 25;
    static final int MAX_SLOTS = 1 << INDEX_BITS;
    private static final long INDEX_MASK = MAX_SLOTS - 1;
    private static final long TURN_MASK = (1L << (Long.SIZE - INDEX_BITS)) - 1;

    private static final VarHandle TAKE_INDEX;
    private static final VarHandle PUT_INDEX;
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);
    /** Spin hints before a wait for another thread's turn starts yielding. */
    private static final int SPINS_BEFORE_YIELD = 64;
    /** Yields before that wait starts parking. */
    private static final int YIELDS_BEFORE_PARK = 16;
    /** The longest park of that wait, in nanoseconds: parks double from 1 µs up to this. */
    private static final long MAX_PARK_NANOS = 1_000_000L;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAKE_INDEX = lookup.findVarHandle(FreeSlotsTakeIndex.class, "takeIndex", long.class);
            PUT_INDEX = lookup.findVarHandle(FreeSlotsPutIndex.class, "putIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The pool's descriptors, by slot index: what an entry's index stands for. */
    private final Descriptor[] slots;
    /** (sequence << INDEX_BITS) | slot index, per entry; written with release, read with acquire. */
    private final long[] entries;
    private final int mask;

    /** An empty ring for the descriptors of {@code slots}, indexed by their slot numbers. */
    FreeSlots(Descriptor[] slots) {
        if (slots.length > MAX_SLOTS) {
            throw new IllegalArgumentException("at most " + MAX_SLOTS + " slots, not " + slots.length);
        }
        int size = Integer.highestOneBit(Math.max(2, slots.length) - 1) << 1;
        this.slots = slots;
        this.entries = new long[size];
        for (int i = 0; i < size; i++) {
            entries[i] = entry(i, 0);
        }
        this.mask = size - 1;
    }

    /** Puts one free descriptor in. Never fails: the ring holds every slot of its pool. */
    void put(Descriptor descriptor) {
        long position = (long) PUT_INDEX.getAndAdd(this, 1L);
        int i = (int) position & mask;
        awaitTurn(i, position); // the taker of the lap before has claimed this entry and is about to empty it
        ENTRY.setRelease(entries, i, entry(position + 1, descriptor.slot()));
    }

    /**
     * Claims the next {@code n} entries for the caller, who holds a permit for each (see the comment above), and
     * returns the position of the first: the caller then takes each with {@link #takeAt}, every one of them.
     */
    long claim(int n) {
        return (long) TAKE_INDEX.getAndAdd(this, (long) n);
    }

    /** Takes the descriptor at {@code position}, which the caller claimed. */
    Descriptor takeAt(long position) {
        int i = (int) position & mask;
        long entry = awaitTurn(i, position + 1); // the putter of this position claimed it and is about to write it
        ENTRY.setRelease(entries, i, entry(position + entries.length, 0));
        return slots[(int) (entry & INDEX_MASK)];
    }

    /**
     * Waits until entry {@code i}'s sequence is {@code turn}, and returns the entry: a few spin hints, a few yields,
     * then parks of 1 µs doubling up to 1 ms, since the thread that owes the entry may have lost its processor between
     * its claim and its write, and spinning or yielding on may keep it off (see the comment above).
     */
    private long awaitTurn(int i, long turn) {
        long wanted = turn & TURN_MASK;
        long entry;
        long parkNanos = 1_000L;
        for (int waited = 0; ((entry = (long) ENTRY.getAcquire(entries, i)) >>> INDEX_BITS) != wanted; waited++) {
            if (waited < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else if (waited < SPINS_BEFORE_YIELD + YIELDS_BEFORE_PARK) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, parkNanos);
                parkNanos = Math.min(parkNanos << 1, MAX_PARK_NANOS);
            }
        }
        return entry;
    }

    private static long entry(long sequence, int slotIndex) {
        return ((sequence & TURN_MASK) << INDEX_BITS) | slotIndex;
    }

    /** Descriptors in the ring now, or being put in or taken out; for diagnostics. */
    int size() {
        return (int) Math.max(0, putIndex - takeIndex);
    }
}
