package dev.loomchan.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The two kinds of thread every blocking behaviour is tested on. */
public enum ThreadKind {
    VIRTUAL {
        @Override
        public Thread start(String name, Runnable task) {
            return Thread.ofVirtual().name(name).start(task);
        }

        @Override
        public ExecutorService newExecutor() {
            return Executors.newVirtualThreadPerTaskExecutor();
        }
    },
    PLATFORM {
        @Override
        public Thread start(String name, Runnable task) {
            return Thread.ofPlatform().name(name).daemon(true).start(task);
        }

        @Override
        public ExecutorService newExecutor() {
            return Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon(true).factory());
        }
    };

    /** Starts a thread of this kind. */
    public abstract Thread start(String name, Runnable task);

    /** An executor starting one thread of this kind per task. */
    public abstract ExecutorService newExecutor();
}
