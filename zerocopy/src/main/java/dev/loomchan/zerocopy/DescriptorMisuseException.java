package dev.loomchan.zerocopy;

/**
 * Thrown when a thread uses a {@link Descriptor} it does not own: after sending or releasing it, twice released, while
 * a channel carries it, or with a pool or channel it does not belong to. The message names the pool, the slot, its
 * generation and who holds it; the getters give the same facts to a program.
 */
public final class DescriptorMisuseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What the calling thread did wrong. */
    public enum Kind {
        /** Used the descriptor (or its buffer) after sending it: it is in flight, or the receiver owns it now. */
        ACCESS_AFTER_SEND("access after send"),
        /** Used the descriptor (or its buffer) after it went back to the pool. */
        ACCESS_AFTER_RELEASE("access after release"),
        /** Released a descriptor that is free already. */
        DOUBLE_RELEASE("double release"),
        /** Released a descriptor that a channel carries. */
        RELEASE_IN_FLIGHT("release of a descriptor in flight"),
        /** Released a descriptor after sending it, once the receiver owned it. */
        RELEASE_AFTER_SEND("release after send"),
        /** Used or released a descriptor that another thread owns, and that this thread did not send. */
        NOT_OWNER("use by a thread that does not own it"),
        /** Gave a pool or a channel a descriptor from another pool. */
        FOREIGN_POOL("descriptor from another pool");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** A few words for the message. */
        public String description() {
            return description;
        }
    }

    private final transient Kind kind;
    private final int slot;
    private final int generation;
    private final String poolName;
    private final transient Thread caller;
    private final transient Thread owner;

    DescriptorMisuseException(Kind kind, Descriptor descriptor, Object holder, Thread caller, String holderText) {
        this(kind, descriptor, holder, caller, holderText, null);
    }

    DescriptorMisuseException(Kind kind, Descriptor descriptor, Object holder, Thread caller, String holderText,
                              String detail) {
        super(kind.description() + ": slot " + descriptor.slot() + " (generation " + descriptor.generation()
                + ") of pool '" + descriptor.pool().name() + "' is " + holderText + "; called by " + caller
                + (detail == null ? "" : "; " + detail));
        this.kind = kind;
        this.slot = descriptor.slot();
        this.generation = descriptor.generation();
        this.poolName = descriptor.pool().name();
        this.caller = caller;
        this.owner = holder instanceof Thread thread ? thread : null;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The slot's index in its pool. */
    public int slot() {
        return slot;
    }

    /** The slot's generation when the misuse was caught. */
    public int generation() {
        return generation;
    }

    /** The name of the descriptor's pool. */
    public String poolName() {
        return poolName;
    }

    /** The thread that misused the descriptor. */
    public Thread caller() {
        return caller;
    }

    /** The thread that owned the descriptor when the misuse was caught, or {@code null} if it was free or in flight. */
    public Thread owner() {
        return owner;
    }
}
