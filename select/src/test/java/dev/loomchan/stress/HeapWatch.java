package dev.loomchan.stress;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples the used heap right after a full collection ({@link MemoryMXBean#gc()}, then
 * {@link MemoryMXBean#getHeapMemoryUsage()}), between rounds, at most once per interval, and keeps the samples in a
 * {@link HeapTrend}. The interval is a fortieth of the run, between 0.5 and 5 seconds, so a run collects a few dozen
 * samples and the collections cost a few per cent of its time at most.
 */
final class HeapWatch {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final HeapTrend trend = new HeapTrend();
    private final long intervalNanos;
    private long lastSampleNanos;

    HeapWatch(double runSeconds) {
        this.intervalNanos = (long) (Math.max(0.5, Math.min(5.0, runSeconds / 40)) * 1e9);
    }

    /** Collects garbage and records the used heap. */
    void sample() {
        memory.gc();
        trend.add(memory.getHeapMemoryUsage().getUsed());
        lastSampleNanos = System.nanoTime();
    }

    /** {@link #sample()} if the interval has passed since the last sample. */
    void sampleIfDue() {
        if (System.nanoTime() - lastSampleNanos >= intervalNanos) {
            sample();
        }
    }

    HeapTrend trend() {
        return trend;
    }
}
