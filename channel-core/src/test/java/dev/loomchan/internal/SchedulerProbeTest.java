package dev.loomchan.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loomchan.reliability.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The probe that lets a waiting virtual thread spin only while no virtual thread is queued for a carrier. */
class SchedulerProbeTest {

    @Test
    void isAvailableFromJdk24OnTheClassPath() {
        // JDK 24 added jdk.management.VirtualThreadSchedulerMXBean; the tests run from the class path, so the
        // jdk.management module is in the boot layer.
        assertEquals(Runtime.version().feature() >= 24, SchedulerProbe.available());
    }

    @Test
    void tellsTheSchedulersCarriers() {
        // A waiter spins with threads queued only when there is more than one carrier: the count must be the
        // scheduler's own, and unknown (0) where the probe is.
        int expected = SchedulerProbe.available() ? Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors()) : 0;
        assertEquals(expected, SchedulerProbe.carriers());
    }

    @Test
    void answersFalseWhileVirtualThreadsAreQueued() throws Exception {
        assumeTrue(SchedulerProbe.available());
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch busy = new CountDownLatch(carriers);
        List<Thread> threads = new ArrayList<>();
        try {
            // Occupy every carrier with a virtual thread that spins until released ...
            for (int i = 0; i < carriers; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    busy.countDown();
                    while (!release.get()) {
                        Thread.onSpinWait();
                    }
                }));
            }
            busy.await();
            // ... so these cannot be mounted and stay queued.
            for (int i = 0; i < 4; i++) {
                threads.add(Thread.ofVirtual().start(() -> { }));
            }
            assertFalse(SchedulerProbe.mayVirtualThreadSpin(), "four virtual threads wait for a carrier");
        } finally {
            release.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void answersTrueOnceNothingIsQueued() throws Exception {
        assumeTrue(SchedulerProbe.available());
        // Other tests' virtual threads may still be finishing: poll until a lone virtual thread sees an idle scheduler.
        Threads.awaitUntil(() -> "a lone virtual thread must be told it may spin", () -> {
            boolean[] idle = new boolean[1];
            Thread t = Thread.ofVirtual().start(() -> idle[0] = SchedulerProbe.mayVirtualThreadSpin());
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted while probing", e);
            }
            return idle[0];
        }, Duration.ofSeconds(30));
    }
}
