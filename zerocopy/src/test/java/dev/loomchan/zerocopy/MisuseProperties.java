package dev.loomchan.zerocopy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of operations on stale and live handles, legal and not, from the owning thread and from threads
 * that never held the slot, against a model of who holds each slot (free, the test's thread, or in the channel): every
 * legal operation succeeds, and every illegal one throws
 * {@link DescriptorMisuseException} of the kind the model predicts and changes nothing.
 */
class MisuseProperties {
    private static final int SLOTS = 4;

    enum Op { ACQUIRE, RELEASE, ACCESS, SEND, RECEIVE, SEND_FOREIGN, RELEASE_FOREIGN, ACCESS_FROM_OTHER_THREAD,
        RELEASE_FROM_OTHER_THREAD }

    record Step(Op op, int slot) {
    }

    enum Held { FREE, MINE, IN_CHANNEL }

    @Property(tries = 300)
    void everyMisuseIsCaughtAndEveryLegalUseWorks(@ForAll("steps") List<Step> steps) throws Exception {
        DescriptorPool pool = DescriptorPool.builder().slotSize(64).slotCount(SLOTS).name("model").build();
        DescriptorPool other = DescriptorPool.builder().slotSize(64).slotCount(1).name("other").build();
        Descriptor foreign = other.acquire();
        ZeroCopyChannel channel = ZeroCopyChannel.unlimited(pool);
        Held[] held = new Held[SLOTS];
        Arrays.fill(held, Held.FREE);
        Deque<Integer> inChannel = new ArrayDeque<>();

        for (Step step : steps) {
            Descriptor d = pool.slot(step.slot());
            Held h = held[step.slot()];
            switch (step.op()) {
                case ACQUIRE -> {
                    Descriptor got = pool.tryAcquire();
                    if (got == null) {
                        assertTrue(Arrays.stream(held).noneMatch(x -> x == Held.FREE), "pool said empty");
                    } else {
                        assertEquals(Held.FREE, held[got.slot()], "handed out a slot that was not free");
                        held[got.slot()] = Held.MINE;
                    }
                }
                case RELEASE -> {
                    if (h == Held.MINE) {
                        d.release();
                        held[step.slot()] = Held.FREE;
                    } else {
                        expect(h == Held.FREE ? DescriptorMisuseException.Kind.DOUBLE_RELEASE
                                : DescriptorMisuseException.Kind.RELEASE_IN_FLIGHT, d, d::release);
                    }
                }
                case ACCESS -> {
                    if (h == Held.MINE) {
                        d.buffer().putInt(0, step.slot());
                        assertEquals(step.slot(), d.buffer().getInt(0));
                    } else {
                        expect(h == Held.FREE ? DescriptorMisuseException.Kind.ACCESS_AFTER_RELEASE
                                : DescriptorMisuseException.Kind.ACCESS_AFTER_SEND, d, () -> d.buffer());
                    }
                }
                case SEND -> {
                    if (h == Held.MINE) {
                        channel.send(d);
                        held[step.slot()] = Held.IN_CHANNEL;
                        inChannel.addLast(step.slot());
                    } else {
                        expect(h == Held.FREE ? DescriptorMisuseException.Kind.ACCESS_AFTER_RELEASE
                                : DescriptorMisuseException.Kind.ACCESS_AFTER_SEND, d, () -> channel.send(d));
                    }
                }
                case RECEIVE -> {
                    Descriptor got = channel.tryReceive().getOrNull();
                    if (inChannel.isEmpty()) {
                        assertEquals(null, got);
                    } else {
                        int slot = inChannel.removeFirst();
                        assertSame(pool.slot(slot), got);
                        held[slot] = Held.MINE;
                    }
                }
                case ACCESS_FROM_OTHER_THREAD -> expect(fromAnotherThread(h, false), d,
                        () -> onAnotherThread(() -> d.buffer().getByte(0)));
                case RELEASE_FROM_OTHER_THREAD -> expect(fromAnotherThread(h, true), d,
                        () -> onAnotherThread(d::release));
                case SEND_FOREIGN -> expect(DescriptorMisuseException.Kind.FOREIGN_POOL, foreign,
                        () -> channel.send(foreign));
                case RELEASE_FOREIGN -> expect(DescriptorMisuseException.Kind.FOREIGN_POOL, foreign,
                        () -> pool.release(foreign));
            }
            long mine = Arrays.stream(held).filter(x -> x != Held.FREE).count();
            assertEquals(mine, pool.inUse(), "the pool's count agrees with the model");
        }
        assertTrue(foreign.isOwnedByCurrentThread(), "misuse never touched the foreign descriptor");
    }

    /** What a thread that never held the slot is told, whatever the slot's state. */
    private static DescriptorMisuseException.Kind fromAnotherThread(Held h, boolean releasing) {
        return switch (h) {
            case FREE -> releasing ? DescriptorMisuseException.Kind.DOUBLE_RELEASE
                    : DescriptorMisuseException.Kind.ACCESS_AFTER_RELEASE;
            case IN_CHANNEL -> releasing ? DescriptorMisuseException.Kind.RELEASE_IN_FLIGHT
                    : DescriptorMisuseException.Kind.ACCESS_AFTER_SEND;
            case MINE -> DescriptorMisuseException.Kind.NOT_OWNER;
        };
    }

    /** Runs {@code action} on a fresh virtual thread and rethrows what it threw there. */
    private static void onAnotherThread(Action action) throws Exception {
        Throwable[] thrown = new Throwable[1];
        Thread.ofVirtual().start(() -> {
            try {
                action.run();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }).join();
        if (thrown[0] instanceof Exception e) {
            throw e;
        }
        if (thrown[0] != null) {
            throw new AssertionError(thrown[0]);
        }
    }

    private static void expect(DescriptorMisuseException.Kind kind, Descriptor d, Action action) {
        int generation = d.generation();
        DescriptorMisuseException e = assertThrows(DescriptorMisuseException.class, action::run);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(d.slot(), e.slot());
        assertTrue(e.getMessage().contains("slot " + d.slot()), e.getMessage());
        assertEquals(generation, d.generation(), "a caught misuse changes nothing");
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.of(Op.class), Arbitraries.integers().between(0, SLOTS - 1))
                .as(Step::new).list().ofMaxSize(60);
    }

}
