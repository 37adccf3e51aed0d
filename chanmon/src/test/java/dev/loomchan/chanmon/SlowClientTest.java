package dev.loomchan.chanmon;

import dev.loomchan.Channel;
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
 * the application's channels keep moving, other dashboards keep getting events, and the stuck client is dropped and
 * its connection closed.
 */
class SlowClientTest {

    @Test
    void aClientThatNeverReadsIsDroppedAndNobodyElseWaits() throws Exception {
        // Many channels make each snapshot large (tens of KB), and 10 ms samples fill a socket's buffers in well under
        // a second.
        List<Channel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            channels.add(Channel.<Integer>builder().capacity(8).name("slow.channel-with-a-long-name-" + i).build());
        }
        Channel<Integer> busy = channels.get(0);
        try (ChannelMonitor monitor = ChannelMonitor.builder().sampleInterval(Duration.ofMillis(10))
                .writeTimeout(Duration.ofMillis(300)).start();
             Socket stuck = new Socket(monitor.uri().getHost(), monitor.port())) {
            stuck.setReceiveBufferSize(4096);
            stuck.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stuck.getOutputStream().flush();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> healthy = http.send(HttpRequest.newBuilder(monitor.uri().resolve("/api/stream"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader lines = new BufferedReader(new InputStreamReader(healthy.body(), StandardCharsets.UTF_8));
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    while (lines.readLine() != null) {
                        // a healthy dashboard reads everything
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
                // the application's own work goes on at full speed meanwhile
                busy.send(sent++);
                busy.receive();
            }
            assertEquals(1, monitor.droppedStreamClients(), "only the stuck client is dropped");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            long samples = monitor.samples() - samplesAtStart;
            // The sampler was never held up by the stuck client: about one sample per 10 ms (generous for a loaded
            // 2-core machine, but far more than a sampler blocked on a socket could manage).
            assertTrue(samples >= elapsedMs / 10 / 4, samples + " samples in " + elapsedMs + " ms");

            // Its connection is closed: reading what the server had sent ends in end-of-stream.
            stuck.setSoTimeout(10_000);
            InputStream in = stuck.getInputStream();
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // drain
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (monitor.streamClients() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, monitor.streamClients(), "the healthy stream is still served");
            healthy.body().close();
            reader.join(5_000);
        }
    }
}
