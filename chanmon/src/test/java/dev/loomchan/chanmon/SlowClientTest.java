package dev.loomchan.chanmon;

import dev.loomchan.Channel;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that opens the event stream and never reads cannot stall anything: the monitor keeps sampling at its pace,
 * the application's channels keep moving, other dashboards keep getting events, and the stuck client is dropped (its
 * stream's thread ends; {@code EventStreamTest} checks the exchange is closed). The test does not read the stuck
 * socket to its end: the megabytes the kernel had already accepted would trickle through its small window for minutes.
 */
class SlowClientTest {

    @Test
    void aClientThatNeverReadsIsDroppedAndNobodyElseWaits() throws Exception {
        // 150 channels with their minute of history make each snapshot about 200 KB; ten a second fill the stuck
        // socket's buffers (the kernel lets the server's send buffer grow to a few MB) within seconds, while a
        // healthy reader has 400 ms of slack (4 queued frames) to keep up even on a loaded machine.
        List<Channel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            channels.add(Channel.<Integer>builder().capacity(8).name("slow.channel-with-a-long-name-" + i).build());
        }
        Channel<Integer> busy = channels.get(0);
        try (ChannelMonitor monitor = ChannelMonitor.builder().sampleInterval(Duration.ofMillis(100))
                .writeTimeout(Duration.ofMillis(300)).start();
             Socket stuck = new Socket(monitor.uri().getHost(), monitor.port())) {
            stuck.setReceiveBufferSize(4096);
            stuck.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stuck.getOutputStream().flush();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> healthy = http.send(HttpRequest.newBuilder(monitor.uri().resolve("/api/stream"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader lines = new BufferedReader(new InputStreamReader(healthy.body(), StandardCharsets.UTF_8));
            java.util.concurrent.atomic.AtomicLong healthyFrames = new java.util.concurrent.atomic.AtomicLong();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("data: ")) {
                            healthyFrames.incrementAndGet(); // a healthy dashboard reads everything
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // closed at the end of the test
                }
            });

            long start = System.nanoTime();
            long samplesAtStart = monitor.samples();
            int sent = 0;
            while (monitor.droppedStreamClients() == 0) {
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "the stuck client was never dropped");
                // the application's own work goes on meanwhile, never waiting
                busy.send(sent++);
                assertEquals(sent - 1, busy.receive());
                Thread.sleep(1); // the application's pace, not a wait: the loop waits for the drop, bounded above
            }
            assertEquals(1, monitor.droppedStreamClients(), "only the stuck client is dropped");
            // The dropped client's thread may still be leaving.
            Threads.awaitUntil(() -> "the healthy stream is still served, alone: " + monitor.streamClients() + " clients",
                    () -> monitor.streamClients() == 1, Threads.PATIENCE);
            long framesAtDrop = healthyFrames.get();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            long samples = monitor.samples() - samplesAtStart;
            // The sampler was never held up by the stuck client: about one sample per 100 ms (half that is allowed
            // for a loaded 2-core machine; a sampler blocked on the socket would have managed a handful).
            assertTrue(samples >= elapsedMs / 100 / 2, samples + " samples in " + elapsedMs + " ms");

            Threads.awaitUntil("the healthy stream kept getting snapshots", () -> healthyFrames.get() >= framesAtDrop + 3);
            healthy.body().close();
            reader.join(5_000);
        }
    }
}
