package dev.loomchan.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells a virtual thread that is about to wait whether it may spin on its carrier without delaying anybody: true when
 * no virtual thread is queued for a carrier.
 *
 * <p>A virtual thread that spins holds its carrier. That pays when the partner it waits for runs on another carrier
 * at the same time (one sender, one receiver on two cores): the partner's write reaches us through one cache line,
 * where a park and an unpark would cost a trip through the scheduler and, when the other carrier sleeps, a kernel
 * wake-up. It is harmful when virtual threads are queued: the partner may be one of them, and every one of them waits
 * for our carrier as long as we spin (a chain of 10,000 stages slowed tenfold in the experiments of
 * {@code docs/algorithm.md}). The JDK's own {@code LinkedTransferQueue} makes the same decision with a look at the
 * carrier's work queue, which is not public; the closest public reading is the number of virtual threads queued in
 * the default scheduler, which JDK 24 and later publish through {@code jdk.management.VirtualThreadSchedulerMXBean}
 * ({@code getQueuedVirtualThreadCount()}: a sum over the scheduler's work queues, about 10 ns on two carriers).
 *
 * <p>The bean is looked up once, by reflection, because the project compiles for Java 21, where it does not exist. The
 * lookup loads the JDK's management classes (about 12 ms here), so the first call starts it on a short-lived daemon
 * thread and answers false, as every call does until the lookup is done: no waiter pays for it. Where the bean is
 * missing (JDK 21 to 23, a runtime without the {@code jdk.management} module, a virtual thread scheduler
 * that is not the default one) {@link #mayVirtualThreadSpin()} answers false and virtual threads do not spin, as
 * before this class existed. On the module path the {@code jdk.management} module must be in the boot layer
 * ({@code --add-modules jdk.management}) for the lookup to succeed; on the class path it always is.
 *
 * <p>The reading is a hint, stale as soon as it is taken: a thread queued right after the look waits at most one spin
 * budget, and the spinning waiter looks again every {@link #RECHECK_EVERY} spins.
 */
final class SchedulerProbe {
    /** A spinning virtual thread looks at the scheduler again after this many spins (a power of two). */
    static final int RECHECK_EVERY = 64;

    /** Set by the first call of {@link #mayVirtualThreadSpin()}, which starts the lookup. */
    private static final AtomicBoolean lookupStarted = new AtomicBoolean();
    /** True once {@link Bean} is initialized: from then on the probe reads the bean. */
    private static volatile boolean ready;

    private SchedulerProbe() {
    }

    /**
     * True if the probe works on this runtime; virtual threads never spin otherwise. Makes the lookup if it is not
     * done yet (or waits for it).
     */
    static boolean available() {
        boolean available = Bean.QUEUED_VIRTUAL_THREADS != null;
        ready = true;
        return available;
    }

    /**
     * True when no virtual thread is queued for a carrier of the default scheduler; false where unknown, and until
     * the bean has been looked up. The lookup loads the JDK's management classes (about 12 ms on this machine), so
     * the first call starts it on a daemon thread of its own instead of making the first waiter pay for it.
     */
    static boolean mayVirtualThreadSpin() {
        return queuedVirtualThreads() == 0L;
    }

    /**
     * The number of virtual threads queued for a carrier of the default scheduler, or -1 where unknown: before the
     * lookup is done, and where the JDK does not tell.
     */
    static long queuedVirtualThreads() {
        if (!ready) {
            startLookup();
            return -1L;
        }
        MethodHandle queued = Bean.QUEUED_VIRTUAL_THREADS;
        if (queued == null) {
            return -1L;
        }
        try {
            return (long) queued.invokeExact();
        } catch (Throwable unexpected) {
            return -1L;
        }
    }

    /**
     * The number of carriers of the default scheduler, as its bean told when it was looked up, or 0 where unknown
     * (before the lookup is done, and where the JDK does not tell). With one carrier a queued thread cannot run while
     * we spin.
     */
    static int carriers() {
        return ready ? Bean.CARRIERS : 0;
    }

    /** What a spinning virtual thread watches: the end of its own wait. */
    interface Watched {
        /** Owner only: true once the wait ended (claimed, answered, cancelled under it). */
        boolean waitEnded();
    }

    /**
     * A virtual thread's spin of at most {@code spins} spin hints, entered when no virtual thread was queued for a
     * carrier: true if {@code watched} ended meanwhile. Gives up early once a virtual thread is queued, since it may be
     * the partner, waiting for our carrier.
     */
    static boolean spinWhileNobodyQueued(Watched watched, int spins) {
        for (; spins > 0; spins--) {
            if (watched.waitEnded()) {
                return true;
            }
            if ((spins & (RECHECK_EVERY - 1)) == 0 && !mayVirtualThreadSpin()) {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static void startLookup() {
        if (!lookupStarted.get() && lookupStarted.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("loomchan-scheduler-probe").start(SchedulerProbe::available);
        }
    }

    /** The bean's method, looked up when this class is initialized. */
    private static final class Bean {
        /** {@code long getQueuedVirtualThreadCount()} bound to the platform bean, or null where there is none. */
        static final MethodHandle QUEUED_VIRTUAL_THREADS = queuedVirtualThreadsHandle();
        /** {@code getParallelism()} of the same bean, read once; 0 where there is no bean. */
        static final int CARRIERS = parallelism();

        private static int parallelism() {
            if (QUEUED_VIRTUAL_THREADS == null) {
                return 0;
            }
            try {
                Class<?> beanType = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
                Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
                Class<?> managed = Class.forName("java.lang.management.PlatformManagedObject");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Object bean = lookup.findStatic(factory, "getPlatformMXBean", MethodType.methodType(managed, Class.class))
                        .invoke(beanType);
                return (int) lookup.findVirtual(beanType, "getParallelism", MethodType.methodType(int.class))
                        .invoke(bean);
            } catch (Throwable unavailable) {
                return 0;
            }
        }

        private static MethodHandle queuedVirtualThreadsHandle() {
            try {
                Class<?> beanType = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
                Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> managed = Class.forName("java.lang.management.PlatformManagedObject");
                Object bean = lookup.findStatic(factory, "getPlatformMXBean", MethodType.methodType(managed, Class.class))
                        .invoke(beanType);
                if (bean == null) {
                    return null;
                }
                MethodHandle handle = lookup.findVirtual(beanType, "getQueuedVirtualThreadCount",
                        MethodType.methodType(long.class)).bindTo(bean);
                long first = (long) handle.invokeExact();
                return first >= 0 ? handle : null; // negative: the scheduler is not the default ForkJoinPool
            } catch (Throwable unavailable) {
                // ReflectiveOperationException, LinkageError, or a security or management failure: no probe, no spin
                return null;
            }
        }
    }
}
