package dev.loomchan.chanmon;

import dev.loomchan.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminal view's table without a terminal: plain lines, sorting and filtering by key. */
class TerminalMonitorTest {
    static ChannelMonitor monitor;
    static Channel<Integer> alpha;
    static Channel<Integer> beta;

    @BeforeAll
    static void start() throws InterruptedException {
        alpha = Channel.<Integer>builder().capacity(4).name("tui.alpha").build();
        beta = Channel.<Integer>builder().capacity(8).name("tui.beta").build();
        for (int i = 0; i < 3; i++) beta.send(i);
        alpha.send(1);
        monitor = ChannelMonitor.builder().sampleInterval(Duration.ofMillis(50)).start();
    }

    @AfterAll
    static void stop() {
        monitor.close();
    }

    private static List<String> rowsOf(TerminalMonitor view) {
        return view.plainLines().stream().filter(l -> l.startsWith("tui.")).toList();
    }

    @Test
    void printsTheTableAsPlainLines() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TerminalMonitor view = new TerminalMonitor(monitor.uri(), null, Duration.ofSeconds(1));
        assertTrue(view.printOnce(new PrintStream(buf, true, StandardCharsets.UTF_8)));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("chanmon http://127.0.0.1:" + monitor.port() + "/  live"), lines.get(0));
        assertTrue(lines.get(1).startsWith("CHANNEL "), lines.get(1));
        String betaLine = lines.stream().filter(l -> l.startsWith("tui.beta ")).findFirst().orElseThrow();
        assertTrue(betaLine.contains("buffered(8)") && betaLine.contains("3/8") && betaLine.contains(" open "), betaLine);
    }

    @Test
    void sortsAndFiltersByKey() {
        TerminalMonitor view = new TerminalMonitor(monitor.uri(), null, Duration.ofSeconds(1));
        assertTrue(view.printOnce(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals(List.of("tui.alpha", "tui.beta"), rowsOf(view).stream().map(l -> l.split(" ")[0]).toList());
        view.key('s'); // sends/s, descending
        view.key('s'); // receives/s
        view.key('s'); // size, descending: beta (3/8 = 0.375) before alpha (1/4 = 0.25)
        assertEquals(List.of("tui.beta", "tui.alpha"), rowsOf(view).stream().map(l -> l.split(" ")[0]).toList());
        view.key('r');
        assertEquals(List.of("tui.alpha", "tui.beta"), rowsOf(view).stream().map(l -> l.split(" ")[0]).toList());
        for (char c : "/BETA\r".toCharArray()) view.key(c);
        assertEquals(List.of("tui.beta"), rowsOf(view).stream().map(l -> l.split(" ")[0]).toList());
        view.key('/');
        view.key((char) 27); // Esc clears the filter
        assertEquals(2, rowsOf(view).size());
        assertFalse(view.key('q'), "q quits");
    }

    @Test
    void anUnreachableMonitorIsSaidSo() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TerminalMonitor view = new TerminalMonitor(URI.create("http://127.0.0.1:1/"), null, Duration.ofSeconds(1));
        assertFalse(view.printOnce(new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("cannot read http://127.0.0.1:1/api/channels"),
                buf.toString(StandardCharsets.UTF_8));
    }
}
