package dev.loomchan.select.support;

import dev.loomchan.Channel;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded waits for test threads. A wait that runs out fails with the stack of every thread still running and the cell
 * dump of the channels involved, instead of hanging the build.
 */
public final class ThreadDump {
    /** The bound of every wait in the select tests: generous, the machine is small and shared. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int MAX_FRAMES = 40;
    private static final int MAX_DUMP_CHARS = 20_000;

    private ThreadDump() {
    }

    /** Joins every thread within {@link #PATIENCE}, or fails with a dump of those still alive and of the channels. */
    public static void joinAll(Collection<Thread> threads, Channel<?>... channels) throws InterruptedException {
        joinAll(threads, System.nanoTime() + PATIENCE.toNanos(), channels);
    }

    /** Joins every thread before {@code deadlineNanos} ({@link System#nanoTime()}), or fails with a dump. */
    public static void joinAll(Collection<Thread> threads, long deadlineNanos, Channel<?>... channels)
            throws InterruptedException {
        for (Thread t : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                fail("threads did not terminate in time:" + of(threads.stream().filter(Thread::isAlive).toList())
                        + channels(channels));
            }
        }
    }

    /** Waits for {@code latch} within {@link #PATIENCE}; for use inside select blocks, so it throws nothing checked. */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)) {
                fail("the other side never counted the latch down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a latch", e);
        }
    }

    /** The name, kind, state and stack of each thread. */
    public static String of(Collection<Thread> threads) {
        StringBuilder sb = new StringBuilder();
        for (Thread t : threads) {
            sb.append("\n  \"").append(t.getName()).append("\" ").append(t.isVirtual() ? "virtual " : "platform ")
                    .append(t.getState());
            Object blocker = LockSupport.getBlocker(t);
            if (blocker != null) {
                sb.append(", parked on ").append(blocker);
            }
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) {
                sb.append("\n      at ").append(frames[i]);
            }
        }
        return sb.toString();
    }

    /** The cell dump of each channel, shortened if long; never throws. */
    public static String channels(Channel<?>... channels) {
        StringBuilder sb = new StringBuilder();
        for (Channel<?> ch : channels) {
            String dump;
            try {
                dump = ch.debugString();
            } catch (RuntimeException e) {
                dump = ch + ": debugString failed: " + e;
            }
            sb.append('\n').append(dump.length() > MAX_DUMP_CHARS ? dump.substring(0, MAX_DUMP_CHARS) + "..." : dump);
        }
        return sb.toString();
    }
}
