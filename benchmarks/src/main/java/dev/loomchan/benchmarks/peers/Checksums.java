package dev.loomchan.benchmarks.peers;

/**
 * What the senders send and what the receivers must therefore add up to. Values stay within 0..127, whose boxes the
 * JDK caches, so sending allocates nothing and B/op shows only what the channel itself allocates.
 */
public final class Checksums {
    private static final int VALUE_MASK = 127;
    private static final Integer[] BOXES = new Integer[VALUE_MASK + 1];

    static {
        for (int v = 0; v <= VALUE_MASK; v++) {
            BOXES[v] = v;
        }
    }

    private Checksums() {
    }

    /** The element a sender sends as its {@code i}-th (from 0). */
    public static Integer value(int i) {
        return BOXES[i & VALUE_MASK];
    }

    /** The sum of the first {@code n} values one sender sends. */
    public static long sequence(int n) {
        long rounds = n / (VALUE_MASK + 1);
        long rest = n % (VALUE_MASK + 1);
        return rounds * (VALUE_MASK * (VALUE_MASK + 1L) / 2) + rest * (rest - 1) / 2;
    }

    /** The sum received when {@code senders} senders each send {@code elements / senders} values. */
    public static long sent(int senders, int elements) {
        return senders * sequence(share(elements, senders));
    }

    /** {@code elements / parts}, which must divide evenly. */
    public static int share(int elements, int parts) {
        if (parts <= 0 || elements % parts != 0) {
            throw new IllegalArgumentException(elements + " elements cannot be split evenly into " + parts + " parts");
        }
        return elements / parts;
    }

    /**
     * Returns {@code actual} when it is {@code expected}; otherwise the peer lost or duplicated elements, and the
     * benchmark fails rather than report a number for it.
     */
    public static long verify(long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException("checksum " + actual + ", expected " + expected
                    + ": elements were lost or duplicated");
        }
        return actual;
    }
}
