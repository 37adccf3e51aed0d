package dev.loomchan.select.support;

/**
 * The two kinds of thread every blocking select is tested on. A select parks its thread while it waits, and a virtual
 * thread parks differently from a platform one, so each blocking scenario runs on both. (channel-core has the same
 * enum in its tests, which this module cannot see.)
 */
public enum ThreadKind {
    VIRTUAL {
        @Override
        public Thread start(String name, Runnable task) {
            return Thread.ofVirtual().name(name).start(task);
        }
    },
    PLATFORM {
        @Override
        public Thread start(String name, Runnable task) {
            return Thread.ofPlatform().name(name).daemon(true).start(task);
        }
    };

    /** Starts {@code task} on a new thread of this kind. */
    public abstract Thread start(String name, Runnable task);
}
