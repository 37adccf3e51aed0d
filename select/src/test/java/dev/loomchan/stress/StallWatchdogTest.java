package dev.loomchan.stress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        try (StallWatchdog watchdog = new StallWatchdog(limit,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), stalled::countDown)) {
            // Progress for several limits' worth of real time, however long each sleep turns out to be.
            long end = System.nanoTime() + 4 * limit.toNanos();
            for (int i = 0; System.nanoTime() - end < 0; i++) {
                watchdog.progress("round " + i);
                // The pacing under test (progress well within the limit), not a wait for anything: short, so that
                // only a pause of the whole test thread near the limit could look like a stall.
                Thread.sleep(10);
            }
            assertFalse(stalled.await(0, TimeUnit.MILLISECONDS), "reported a stall although progress was made");
        }
    }
}
