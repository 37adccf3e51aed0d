package dev.loomchan.stress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard that turns a stuck stress run into a failure with a dump instead of a hang. */
class StallWatchdogTest {
    @Test
    void aThreadWithoutProgressIsDumpedAndReported() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CountDownLatch stalled = new CountDownLatch(1);
        Thread worker = Thread.ofVirtual().name("stuck-worker").start(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(1)); // the stall under test: a worker that makes no progress
            } catch (InterruptedException ignored) {
                // released by the test
            }
        });
        try (StallWatchdog watchdog = new StallWatchdog(Duration.ofMillis(200),
                new PrintStream(text, true, StandardCharsets.UTF_8), stalled::countDown)) {
            watchdog.progress("a round that never ends", worker);
            assertTrue(stalled.await(10, TimeUnit.SECONDS), "the watchdog never reported the stall");
        } finally {
            worker.interrupt();
        }
        String report = text.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("a round that never ends"), report);
        assertTrue(report.contains("\"stuck-worker\""), report);
        assertTrue(report.contains(Thread.currentThread().getName()), report);
    }

    @Test
    void progressKeepsItQuiet() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        Duration limit = Duration.ofMillis(300);
        // The test's own clock: a quarter of the limit passes between two signs of progress, whatever the real time
        // between them, so a pause of this thread cannot look like a stall.
        AtomicLong now = new AtomicLong();
        try (StallWatchdog watchdog = silentWatchdog(limit, stalled, now)) {
            for (int i = 0; i < 40; i++) {
                now.addAndGet(limit.toNanos() / 4);
                watchdog.progress("round " + i);
                // Real time for the watchdog to look at the clock between two rounds (it looks every 30 ms).
                Thread.sleep(10);
            }
            assertFalse(stalled.await(0, TimeUnit.MILLISECONDS), "reported a stall although progress was made");
        }
    }

    @Test
    void idleTimeIsMeasuredOnTheWatchdogsClock() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        Duration limit = Duration.ofMillis(300);
        AtomicLong now = new AtomicLong();
        try (StallWatchdog watchdog = silentWatchdog(limit, stalled, now)) {
            watchdog.progress("the last round");
            now.addAndGet(2 * limit.toNanos()); // no progress for twice the limit, on the watchdog's clock
            assertTrue(stalled.await(10, TimeUnit.SECONDS), "the watchdog never reported the stall");
        }
    }

    /** A watchdog on the test's clock {@code now}, whose report goes nowhere and whose stall counts {@code stalled} down. */
    private static StallWatchdog silentWatchdog(Duration limit, CountDownLatch stalled, AtomicLong now) {
        return new StallWatchdog(limit, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                stalled::countDown, now::get);
    }
}
