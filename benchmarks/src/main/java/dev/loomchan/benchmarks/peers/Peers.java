package dev.loomchan.benchmarks.peers;

import java.util.function.IntFunction;

/** Makes the peers the benchmarks drive. */
public final class Peers {
    private static final KotlinPeer KOTLIN = new KotlinPeer();

    private Peers() {
    }

    /** A Java peer whose pipes park: the shapes run on virtual threads. */
    public static Peer onVirtualThreads(IntFunction<? extends Pipe> open) {
        return new ThreadedPeer(open, Thread::ofVirtual);
    }

    /** A Java peer whose pipes spin: the shapes run on (daemon) platform threads. */
    public static Peer onSpinningPlatformThreads(IntFunction<? extends Pipe> open) {
        return new ThreadedPeer(open, () -> Thread.ofPlatform().daemon());
    }

    /** loomchan on virtual threads, its statistics read every millisecond by another thread. */
    public static Peer loomchanStatisticsRead() {
        return new StatisticsReadingPeer();
    }

    /** Kotlin's channels on {@code Dispatchers.Default}. */
    public static KotlinPeer kotlin() {
        return KOTLIN;
    }

    /** loomchan's {@code Select} on virtual threads. */
    public static SelectPeer loomchanSelect() {
        return new ThreadedSelectPeer(LoomchanSelectableChannels::new);
    }

    /** jox's {@code Select} on virtual threads. */
    public static SelectPeer joxSelect() {
        return new ThreadedSelectPeer(JoxSelectableChannels::new);
    }

    /** loomchan's conflated channel on virtual threads. */
    public static ConflatedPeer loomchanConflated() {
        return new LoomchanConflatedPeer();
    }
}
