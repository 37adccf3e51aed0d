package dev.loomchan.reliability;

import dev.loomchan.Channel;
import dev.loomchan.internal.BufferedChannel;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Leak-checking helpers: collection of weakly held objects after {@code System.gc()}, and a walk over the engine's own
 * objects (the channel, its segments, cells, waiters) that finds what a channel still references. Public for the
 * select module's leak tests, which use it through channel-core's test jar.
 */
public final class Leaks {
    /** gc rounds before a weakly held object that is still reachable counts as leaked (each waits up to 50 ms). */
    private static final int GC_ROUNDS = 40;

    private Leaks() {
    }

    /** The engine's test hook: segments reachable from the channel's pointers. */
    public static int segments(Channel<?> ch) {
        return ((BufferedChannel<?>) ch).reachableSegmentCount();
    }

    /**
     * Fails unless every reference is cleared after a few rounds of gc. Never flaky: a reference still set after
     * {@value #GC_ROUNDS} full collections is strongly reachable.
     */
    public static void assertCollected(String what, List<? extends Reference<?>> refs) {
        for (int round = 0; round < GC_ROUNDS; round++) {
            if (countAlive(refs) == 0) {
                return;
            }
            System.gc();
            try {
                // wait a little for reference processing, without sleeping a fixed time
                new ReferenceQueue<>().remove(round < 5 ? 5 : 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int alive = countAlive(refs);
        if (alive != 0) {
            fail(alive + " of " + refs.size() + " " + what + " still reachable after " + GC_ROUNDS + " gc rounds");
        }
    }

    public static void assertCollected(String what, Reference<?> ref) {
        assertCollected(what, List.of(ref));
    }

    private static int countAlive(List<? extends Reference<?>> refs) {
        int n = 0;
        for (Reference<?> r : refs) {
            if (r.get() != null) {
                n++;
            }
        }
        return n;
    }

    public static <T> WeakReference<T> weak(T o) {
        return new WeakReference<>(o);
    }

    // ----------------------------------------------------------------------------------------- reachability walk

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    /**
     * Every object reachable from {@code root} through the engine's own objects ({@code dev.loomchan.internal}
     * classes and object arrays) that {@code match} accepts. JDK objects (counters, the user's handlers) are not
     * entered: what the channel holds for the user is in its cells. Deterministic, unlike gc: it says exactly what the
     * channel still points at.
     */
    public static List<Object> reachableFrom(Object root, Predicate<Object> match) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> work = new ArrayDeque<>();
        List<Object> found = new ArrayList<>();
        work.push(root);
        while (!work.isEmpty()) {
            Object o = work.pop();
            if (!seen.add(o)) {
                continue;
            }
            if (o != root && match.test(o)) {
                found.add(o);
            }
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0, n = Array.getLength(o); i < n; i++) {
                        Object e = Array.get(o, i);
                        if (e != null) {
                            work.push(e);
                        }
                    }
                }
                continue;
            }
            if (!enters(c) && o != root) {
                continue;
            }
            for (Field f : fields(c)) {
                try {
                    Object v = f.get(o);
                    if (v != null) {
                        work.push(v);
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError("cannot read " + f, e);
                }
            }
        }
        return found;
    }

    /** Threads, and the engine's waiter tokens (blocked operations and select registrations), the channel holds. */
    public static List<Object> waitersHeldBy(Object channel) {
        return reachableFrom(channel, o -> o instanceof Thread || isWaiterToken(o));
    }

    public static boolean isWaiterToken(Object o) {
        String n = o.getClass().getName();
        return n.equals("dev.loomchan.internal.Waiter") || n.equals("dev.loomchan.internal.SelectRegistration")
                || n.equals("dev.loomchan.internal.WaiterEB") || n.equals("dev.loomchan.internal.SelectInstance");
    }

    /** The objects among {@code elements} (compared by identity) that the channel still references. */
    public static List<Object> elementsHeldBy(Object channel, List<?> elements) {
        Set<Object> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(elements);
        return reachableFrom(channel, wanted::contains);
    }

    private static boolean enters(Class<?> c) {
        return c.getName().startsWith("dev.loomchan.internal.") && !c.isEnum();
    }

    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> list = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                if (!c.getName().startsWith("dev.loomchan.")) {
                    continue;
                }
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    f.setAccessible(true);
                    list.add(f);
                }
            }
            return list;
        });
    }
}
