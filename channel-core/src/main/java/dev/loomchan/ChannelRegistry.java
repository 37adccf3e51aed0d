package dev.loomchan;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Every live named channel, for monitoring without plumbing: a channel built with {@link Channel.Builder#name(String)}
 * registers itself here when it is built. The registry holds channels weakly: it keeps none alive, and a channel that
 * became unreachable leaves it once the garbage collector has cleared it. Unnamed channels are not registered: a name
 * is what a monitor shows, and the many short-lived anonymous channels of a program would only be churn. Names need
 * not be unique: two channels of the same name are two entries.
 *
 * <p>Lock-free: a {@link ConcurrentHashMap} from a registration id to a weak reference, cleaned through a
 * {@link ReferenceQueue} whenever a channel registers or the entries are listed. Registration happens once per named
 * channel, in {@code build()}; channel operations never touch the registry.
 */
public final class ChannelRegistry {
    private static final ConcurrentHashMap<Long, Entry> ENTRIES = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Channel<?>> COLLECTED = new ReferenceQueue<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final List<Consumer<? super Entry>> LISTENERS = new CopyOnWriteArrayList<>();
    /**
     * The tracers installed by {@link #trace}, heard by every named channel; read only on the events' slow paths. An
     * array replaced whole on each change, so that reading it takes no lock and iterating it allocates nothing.
     */
    private static final AtomicReference<ChannelTracer[]> TRACERS = new AtomicReference<>(new ChannelTracer[0]);

    private ChannelRegistry() {
    }

    /** A listener's registration; closing it stops the calls. */
    public interface Subscription extends AutoCloseable {
        /** Stops calling the listener; idempotent. */
        @Override
        void close();
    }

    /**
     * A registered channel, held weakly. Entries are what a monitor keeps: holding one does not keep its channel
     * alive.
     */
    public static final class Entry {
        private final long id;
        private final String name;
        private final ChannelReference reference;

        private Entry(long id, Channel<?> channel, String name) {
            this.id = id;
            this.name = name;
            this.reference = new ChannelReference(channel, id);
        }

        /** A number unique to this registration, increasing in registration order. */
        public long id() {
            return id;
        }

        /** The channel's name. */
        public String name() {
            return name;
        }

        /** The channel, or null once it has been garbage-collected. */
        public Channel<?> channel() {
            return reference.get();
        }

        @Override
        public String toString() {
            return "ChannelRegistry.Entry[" + id + ", " + name + (channel() == null ? ", collected]" : "]");
        }
    }

    /** The weak reference of an entry, carrying its id so that the cleaning knows which entry to drop. */
    private static final class ChannelReference extends WeakReference<Channel<?>> {
        final long id;

        ChannelReference(Channel<?> channel, long id) {
            super(channel, COLLECTED);
            this.id = id;
        }
    }

    /**
     * Registers a named channel; called by {@link Channel.Builder#build()}. Tells every listener, on this thread.
     */
    static void register(Channel<?> channel, String name) {
        expungeCollected();
        Entry entry = new Entry(IDS.incrementAndGet(), channel, name);
        ENTRIES.put(entry.id, entry);
        for (Consumer<? super Entry> listener : LISTENERS) {
            notifyListener(listener, entry);
        }
    }

    /** The entries of the named channels not yet collected, in registration order. */
    public static List<Entry> entries() {
        expungeCollected();
        List<Entry> live = new ArrayList<>(ENTRIES.size());
        for (Entry e : ENTRIES.values()) {
            if (e.channel() != null) {
                live.add(e);
            }
        }
        live.sort(Comparator.comparingLong(Entry::id));
        return live;
    }

    /**
     * The named channels alive now, in registration order. The list holds them strongly: do not keep it longer than
     * you need it.
     */
    public static List<Channel<?>> channels() {
        List<Channel<?>> live = new ArrayList<>();
        for (Entry e : entries()) {
            Channel<?> ch = e.channel();
            if (ch != null) {
                live.add(ch);
            }
        }
        return live;
    }

    /** A snapshot of every named channel alive now, in registration order. */
    public static List<ChannelStatistics> statistics() {
        List<ChannelStatistics> all = new ArrayList<>();
        for (Channel<?> ch : channels()) {
            all.add(ch.statistics());
        }
        return all;
    }

    /**
     * Calls {@code listener} with the entry of every named channel registered from now on, on the thread that builds
     * it, and then with every entry already registered (a channel built meanwhile may be reported twice: the id tells).
     * The listener is held strongly until the returned handle is closed. An exception it throws goes to the building
     * thread's uncaught-exception handler, and the channel is built all the same.
     */
    public static Subscription subscribe(Consumer<? super Entry> listener) {
        Objects.requireNonNull(listener, "listener");
        LISTENERS.add(listener);
        for (Entry e : entries()) {
            notifyListener(listener, e);
        }
        return () -> LISTENERS.remove(listener);
    }

    /**
     * Installs {@code tracer} for every named channel, those built before this call and those built after: it hears
     * their closes, cancels, undelivered and dropped elements as a tracer given to {@link Channel.Builder#tracer} does
     * (same threads, same once-only guarantees), after the channel's own tracer if it has one. For monitors: a named
     * channel always carries a small forwarding tracer, so the cost is one pass over this (usually empty or
     * one-element) list on each of those slow-path events, and nothing on sends and receives. An exception the tracer
     * throws goes to the current thread's uncaught-exception handler, and neither the channel nor the other tracers
     * see it. The tracer is held strongly until the returned handle is closed.
     */
    public static Subscription trace(ChannelTracer tracer) {
        Objects.requireNonNull(tracer, "tracer");
        TRACERS.updateAndGet(old -> {
            ChannelTracer[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = tracer;
            return grown;
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                TRACERS.updateAndGet(old -> {
                    List<ChannelTracer> kept = new ArrayList<>(Arrays.asList(old));
                    for (int i = 0; i < kept.size(); i++) {
                        if (kept.get(i) == tracer) {
                            kept.remove(i); // this installation only, even if the same tracer was installed twice
                            break;
                        }
                    }
                    return kept.toArray(new ChannelTracer[0]);
                });
            }
        };
    }

    /** The tracers installed now; the array is never changed (read it, do not write it). */
    static ChannelTracer[] installedTracers() {
        return TRACERS.get();
    }

    /** The tracer a named channel is built with: its own (or null) followed by the registry's. */
    static ChannelTracer tracerForNamedChannel(ChannelTracer own) {
        return new RegistryTracer(own);
    }

    private static void notifyListener(Consumer<? super Entry> listener, Entry entry) {
        try {
            listener.accept(entry);
        } catch (RuntimeException e) {
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, e);
        }
    }

    /** Drops the entries whose channel the garbage collector cleared. */
    private static void expungeCollected() {
        for (Reference<? extends Channel<?>> r; (r = COLLECTED.poll()) != null; ) {
            ENTRIES.remove(((ChannelReference) r).id);
        }
    }
}
