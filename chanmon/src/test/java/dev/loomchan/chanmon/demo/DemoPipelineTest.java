package dev.loomchan.chanmon.demo;

import dev.loomchan.Channel;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's pipeline goes through every load phase, every stage moves elements, the storm cancels receivers, and a
 * stop loses nothing: every element sent was received or handed to onUndeliveredElement, and every off-heap slot is
 * back in its pool.
 */
class DemoPipelineTest {

    @Test
    void runsEveryPhaseAndStopsWithoutLosingAnything() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        DemoPipeline pipeline = new DemoPipeline(Duration.ofMillis(400), log::add);
        Set<LoadPhase> seen = ConcurrentHashMap.newKeySet();
        pipeline.start();
        boolean[] stormed = {false};
        Threads.awaitUntil(() -> "phases seen " + seen + ", storm " + stormed[0] + ", delivered " + pipeline.delivered()
                + ", log " + log, () -> {
                    seen.add(pipeline.phase());
                    stormed[0] = statistics(pipeline).get("demo.storm").cancelledReceivers() >= 200;
                    return seen.size() == LoadPhase.values().length && stormed[0] && pipeline.delivered() > 1000;
                }, Duration.ofSeconds(20));
        pipeline.stop();
        assertNull(pipeline.failure());
        assertEquals(0, pipeline.framesInUse(), "every off-heap slot is back in its pool");

        Map<String, ChannelStatistics> stats = statistics(pipeline);
        assertEquals(Set.of("demo.orders", "demo.payments", "demo.events", "demo.processed", "demo.latest-price",
                "demo.storm", "demo.frames", "demo.pricing.requests"), stats.keySet());
        for (ChannelStatistics s : stats.values()) {
            assertEquals(s.sent(), s.received() + s.undelivered(), "nothing lost in " + s);
            assertEquals(0, s.size(), s.toString());
        }
        assertTrue(stats.get("demo.events").received() > 1000);
        assertTrue(stats.get("demo.pricing.requests").received() > 1000, "the request/reply service answered");
        assertTrue(stats.get("demo.latest-price").dropped() > 0, "the conflated channel kept only the latest");
        assertTrue(log.stream().anyMatch(l -> l.contains("cancellation storm")), log.toString());
    }

    @Test
    void theDemoCommandPrintsTheDashboardAndStopsCleanlyAfterItsSeconds() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = DemoMain.run(2, 0, 1, true, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("loomchan demo: dashboard at http://127.0.0.1:"), out);
        assertTrue(out.contains("CHANNEL"), "plain table printed: " + out);
        assertTrue(out.contains("loomchan demo: stopped cleanly"), out);
        assertTrue(out.lines().anyMatch(l -> l.trim().startsWith("demo.events")), out);
    }

    private static Map<String, ChannelStatistics> statistics(DemoPipeline pipeline) {
        return pipeline.statistics().stream().collect(Collectors.toMap(ChannelStatistics::name, s -> s));
    }
}
