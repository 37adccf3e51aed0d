package dev.loomchan.benchmarks;

import dev.loomchan.benchmarks.peers.ConflatedPeer;
import dev.loomchan.benchmarks.peers.Peer;
import dev.loomchan.benchmarks.peers.Peers;
import dev.loomchan.benchmarks.peers.Pipes;
import dev.loomchan.benchmarks.peers.SelectPeer;

import java.util.List;
import java.util.function.Supplier;

/**
 * Every implementation the suite measures, as the {@code impl} parameter of the benchmarks. Each shape lists, in its
 * {@code @Param}, the implementations that can run it; the report lines them up in that order, loomchan first.
 */
public enum Impl {
    LOOMCHAN("loomchan", Threading.VIRTUAL, () -> Peers.onVirtualThreads(Pipes::loomchan)),
    /** loomchan again, with a thread reading {@code statistics()} every millisecond: the Statistics shape. */
    LOOMCHAN_STATISTICS_READ("loomchan, statistics() read every ms", Threading.VIRTUAL, Peers::loomchanStatisticsRead),
    /**
     * loomchan again, in a JVM whose virtual threads share one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}):
     * what the engine costs when sender and receiver take turns on one core, as coroutines do on Kotlin's dispatcher,
     * instead of running on two cores at once.
     */
    LOOMCHAN_ONE_CARRIER("loomchan, virtual threads on one carrier (parallelism=1)", Threading.VIRTUAL,
            () -> Peers.onVirtualThreads(Pipes::loomchan), "-Djdk.virtualThreadScheduler.parallelism=1"),
    /** loomchan with the batch operations: one sender's {@code sendAll} and one receiver's {@code receiveMany}. */
    LOOMCHAN_BATCHES("loomchan, sendAll/receiveMany in runs of " + Pipes.BATCH_RUN, Threading.VIRTUAL,
            () -> Peers.onVirtualThreads(Pipes::loomchanBatches)),
    KOTLIN("Kotlin channels", Threading.COROUTINES, Peers::kotlin),
    JOX("jox", Threading.VIRTUAL, () -> Peers.onVirtualThreads(Pipes::jox)),
    SYNCHRONOUS_QUEUE("SynchronousQueue", Threading.VIRTUAL, () -> Peers.onVirtualThreads(Pipes::synchronousQueue)),
    LINKED_TRANSFER_QUEUE("LinkedTransferQueue", Threading.VIRTUAL,
            () -> Peers.onVirtualThreads(Pipes::linkedTransferQueue)),
    EXCHANGER("Exchanger", Threading.VIRTUAL, () -> Peers.onVirtualThreads(Pipes::exchanger)),
    ARRAY_BLOCKING_QUEUE("ArrayBlockingQueue", Threading.VIRTUAL,
            () -> Peers.onVirtualThreads(Pipes::arrayBlockingQueue)),
    LINKED_BLOCKING_QUEUE("LinkedBlockingQueue", Threading.VIRTUAL,
            () -> Peers.onVirtualThreads(Pipes::linkedBlockingQueue)),
    /** SynchronousQueue for a rendezvous, ArrayBlockingQueue for a buffer: the JDK's nearest queue per capacity. */
    JDK_QUEUE("SynchronousQueue / ArrayBlockingQueue", Threading.VIRTUAL,
            () -> Peers.onVirtualThreads(Pipes::jdkQueue)),
    JCTOOLS_SPSC("JCTools SpscArrayQueue", Threading.SPINNING,
            () -> Peers.onSpinningPlatformThreads(Pipes::jctoolsSpsc)),
    JCTOOLS_MPMC("JCTools MpmcArrayQueue", Threading.SPINNING,
            () -> Peers.onSpinningPlatformThreads(Pipes::jctoolsMpmc)),
    AGRONA_MPMC("Agrona ManyToManyConcurrentArrayQueue", Threading.SPINNING,
            () -> Peers.onSpinningPlatformThreads(Pipes::agronaMpmc)),
    PARKING_HAND_OFF("park/unpark hand-off (floor for parking)", Threading.VIRTUAL,
            () -> Peers.onVirtualThreads(Pipes::parkingHandOff)),
    SPIN_HAND_OFF("volatile-field spin hand-off (physical floor)", Threading.SPINNING,
            () -> Peers.onSpinningPlatformThreads(Pipes::spinHandOff)),
    /** The zerocopy module: pooled off-heap descriptors whose ownership moves through a loomchan channel. */
    ZEROCOPY_DESCRIPTORS("loomchan zerocopy: pooled descriptors, moved by reference", Threading.VIRTUAL,
            Impl::onlyZeroCopy),
    /** The zero-copy shape in runs: pool and channel batch operations ({@code sendAll}, {@code receiveMany}, ...). */
    ZEROCOPY_BATCHES("loomchan zerocopy in runs of " + Pipes.BATCH_RUN + ": acquire, sendAll, receiveMany, releaseAll",
            Threading.VIRTUAL,
            Impl::onlyZeroCopy),
    /**
     * The floor of the zero-copy shape in runs: a plain loomchan channel of Agrona buffers over slots of one off-heap
     * region, taken round-robin, stamped and read as the descriptors are, in runs of the same length. No pool, no
     * ownership, no checks: what moving a reference and one payload line between the cores costs by itself.
     */
    RAW_BUFFER_RUNS("loomchan Channel<UnsafeBuffer> in runs of " + Pipes.BATCH_RUN
            + ": slots of one region, no pool, no ownership (the floor)", Threading.VIRTUAL, Impl::onlyZeroCopy),
    /** The copying baseline of the zero-copy shape: a fresh {@code byte[]} copy of the payload per element. */
    BYTE_ARRAY_COPIES("loomchan Channel<byte[]>: a fresh copy per element", Threading.VIRTUAL, Impl::onlyZeroCopy),
    /** The rendezvous module's RequestChannel on platform threads: B/op without the virtual threads' own. */
    REQUEST_CHANNEL_PLATFORM_THREADS("loomchan RequestChannel on platform threads", Threading.PLATFORM,
            Impl::onlyRequestReply),
    /** Request/reply the usual way: a fresh loomchan reply channel carried in every request. */
    REPLY_CHANNEL_PER_CALL("loomchan, a reply channel per call", Threading.VIRTUAL, Impl::onlyRequestReply),
    /** Two loomchan rendezvous channels, one each way: a round trip of two waited-for hand-offs. */
    RENDEZVOUS_PING_PONG("loomchan rendezvous ping-pong: two hand-offs per round trip", Threading.VIRTUAL,
            Impl::onlyRequestReply),
    /** One loomchan rendezvous hand-off, one way, streamed: the hand-off's throughput. */
    RENDEZVOUS_HAND_OFF("loomchan rendezvous hand-off, one way, streamed", Threading.VIRTUAL,
            Impl::onlyRequestReply);

    /** How an implementation's senders and receivers run. */
    public enum Threading {
        VIRTUAL("virtual threads"),
        COROUTINES("coroutines on Dispatchers.Default"),
        SPINNING("platform threads, busy-spin"),
        PLATFORM("platform threads");

        private final String description;

        Threading(String description) {
            this.description = description;
        }

        /** As the report prints it. */
        public String description() {
            return description;
        }
    }

    private final String displayName;
    private final Threading threading;
    private final Supplier<Peer> peer;
    private final List<String> jvmFlags;

    Impl(String displayName, Threading threading, Supplier<Peer> peer, String... jvmFlags) {
        this.displayName = displayName;
        this.threading = threading;
        this.peer = peer;
        this.jvmFlags = List.of(jvmFlags);
    }

    /** Flags the forked JVM of this implementation's cases needs beyond the suite's own; usually none. */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    /** The name a reader knows the implementation by. */
    public String displayName() {
        return displayName;
    }

    /** What the senders and receivers run on. */
    public Threading threading() {
        return threading;
    }

    /** The implementation driving the common shapes (transfer, chain, parallel). */
    public Peer peer() {
        return peer.get();
    }

    private static Peer onlyZeroCopy() {
        throw new IllegalArgumentException("the zero-copy implementations run only the ZeroCopy shape");
    }

    private static Peer onlyRequestReply() {
        throw new IllegalArgumentException("this implementation runs only the RequestReply shape");
    }

    /** The implementation's select. */
    public SelectPeer selectPeer() {
        return switch (this) {
            case LOOMCHAN -> Peers.loomchanSelect();
            case KOTLIN -> Peers.kotlin();
            case JOX -> Peers.joxSelect();
            default -> throw new IllegalArgumentException(displayName + " has no select");
        };
    }

    /** The implementation's conflated channel. */
    public ConflatedPeer conflatedPeer() {
        return switch (this) {
            case LOOMCHAN, LOOMCHAN_ONE_CARRIER -> Peers.loomchanConflated();
            case KOTLIN -> Peers.kotlin();
            default -> throw new IllegalArgumentException(displayName + " has no conflated channel");
        };
    }
}
