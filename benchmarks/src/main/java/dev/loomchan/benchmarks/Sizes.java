package dev.loomchan.benchmarks;

/**
 * How many element transfers one invocation of a shape makes. The {@code elements} parameter of every benchmark
 * defaults to one of these and its {@code @OperationsPerInvocation} is the same constant, so JMH's "ns/op" is
 * nanoseconds per element transferred. The runner changes both together for its quick and smoke runs.
 */
public final class Sizes {
    /** One sender and one receiver, MPMC, select, unlimited, conflated: as jox's and Kotlin's published suites. */
    public static final int ELEMENTS = 1_000_000;
    /** {@link #ELEMENTS} as a {@code @Param} value. */
    public static final String ELEMENTS_PARAM = "" + ELEMENTS;

    /**
     * The chain and the parallel pairs: 200 elements through each of the 10,000 channels. jox's suite sends 1,000; the
     * cost per hop is the same once the 10,000 threads are started (a few milliseconds), and this count keeps the full
     * suite under half an hour on 2 cores, where a hop that parks costs about a microsecond.
     */
    public static final int CROWD_ELEMENTS = 2_000_000;
    /** {@link #CROWD_ELEMENTS} as a {@code @Param} value. */
    public static final String CROWD_ELEMENTS_PARAM = "" + CROWD_ELEMENTS;

    /**
     * The zero-copy shape: fewer elements, because its copying baseline allocates and copies 64 KiB per element (about
     * 13 GB per invocation at this count).
     */
    public static final int PAYLOAD_ELEMENTS = 200_000;
    /** {@link #PAYLOAD_ELEMENTS} as a {@code @Param} value. */
    public static final String PAYLOAD_ELEMENTS_PARAM = "" + PAYLOAD_ELEMENTS;

    /** Round trips of the request/reply shape: each is two hand-offs, so half the one-way count. */
    public static final int CALLS = 500_000;
    /** {@link #CALLS} as a {@code @Param} value. */
    public static final String CALLS_PARAM = "" + CALLS;

    /** Channels in the chain, and pairs in the parallel shape. */
    public static final String CROWD_PARAM = "10000";

    private Sizes() {
    }
}
