package dev.loomchan.stress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The criterion of the stress tool's {@code heap} invariant. */
class HeapTrendTest {
    private static final long MIB = 1L << 20;

    private static HeapTrend trendOf(long... mibs) {
        HeapTrend trend = new HeapTrend();
        for (long m : mibs) {
            trend.add(m * MIB);
        }
        return trend;
    }

    @Test
    void aFlatRunPasses() {
        assertNull(trendOf(20, 21, 20, 22, 21, 21, 20, 22, 21, 21).breach(0));
    }

    @Test
    void aClimbingRunFailsAndSaysBy() {
        HeapTrend trend = trendOf(20, 21, 20, 22, 21, 30, 40, 50, 60, 70);
        String breach = trend.breach(5);
        assertNotNull(breach);
        assertTrue(breach.contains("ended at 50.0 MiB") && breach.contains("plateau 21.0 MiB"), breach);
    }

    @Test
    void oneHighSampleAtTheEndIsNotAGrowth() {
        assertNull(trendOf(20, 21, 20, 22, 21, 21, 20, 21, 21, 300).breach(5));
    }

    @Test
    void eachKindIsJudgedByItsOwnLastSamples() {
        HeapTrend trend = trendOf(20, 21, 20, 22, 21, 90, 95, 99, 21, 20);
        assertNotNull(trend.breach(5));
        assertNull(trend.breach(8));
    }

    @Test
    void theMarginGrowsWithALargePlateau() {
        // Plateau 400 MiB: the margin is a quarter of it, 100 MiB.
        assertNull(trendOf(400, 400, 400, 400, 400, 490, 495, 499).breach(5));
        assertNotNull(trendOf(400, 400, 400, 400, 400, 510, 520, 530).breach(5));
    }

    @Test
    void aStretchWithoutSamplesPasses() {
        HeapTrend trend = trendOf(20, 21);
        assertNull(trend.breach(trend.mark()));
    }
}
