package dev.loomchan.chanmon;

import dev.loomchan.Channel;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./loomchan mon} in a real pseudo-terminal: tmux runs the terminal view against a live monitor in a detached
 * session, the test reads the screen back with {@code capture-pane}, types the keys, and checks that {@code q} ends
 * the program and leaves the shell's screen (the alternate screen is left). tmux must be installed ({@code .ci/run}
 * installs it).
 */
class TerminalPtyTest {

    @Test
    void theLiveTableRunsInATerminalAndAnswersItsKeys() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/tmux")) || which("tmux"),
                "tmux is needed for the pseudo-terminal test: apt-get install -y tmux (.ci/run does it)");
        Channel<Integer> first = Channel.<Integer>builder().capacity(4).name("pty.first").build();
        Channel<Integer> second = Channel.<Integer>builder().capacity(4).name("pty.second").build();
        first.send(1);
        String session = "chanmon-pty-" + ProcessHandle.current().pid();
        Path done = Files.createTempFile("chanmon-pty", ".done");
        Files.delete(done);
        try (ChannelMonitor monitor = ChannelMonitor.builder().sampleInterval(Duration.ofMillis(100)).start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cmd = String.join(" ", List.of(quote(java), "--enable-native-access=ALL-UNNAMED",
                    "-cp", quote(System.getProperty("java.class.path")), "dev.loomchan.chanmon.TerminalMonitor",
                    monitor.uri().toString(), ";", "touch", quote(done.toString()), ";", "sleep", "30"));
            tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "30", cmd);
            try {
                List<String> screen = awaitScreen(session, s -> s.stream().anyMatch(l -> l.startsWith("pty.second")));
                assertTrue(screen.stream().anyMatch(l -> l.startsWith("CHANNEL")), String.join("\n", screen));
                String firstRow = screen.stream().filter(l -> l.startsWith("pty.first")).findFirst().orElseThrow();
                assertTrue(firstRow.contains("buffered(4)") && firstRow.contains("1/4"), firstRow);

                // a live refresh: a second element shows up within a few seconds
                first.send(2);
                awaitScreen(session, s -> s.stream().anyMatch(l -> l.startsWith("pty.first") && l.contains("2/4")));

                tmux("send-keys", "-t", session, "/", "pty.sec", "Enter");
                awaitScreen(session, s -> s.stream().noneMatch(l -> l.startsWith("pty.first"))
                        && s.stream().anyMatch(l -> l.startsWith("pty.second"))
                        && s.stream().anyMatch(l -> l.contains("filter: pty.sec")));

                tmux("send-keys", "-t", session, "s");
                awaitScreen(session, s -> s.stream().anyMatch(l -> l.contains("sort: sends/s")));

                tmux("send-keys", "-t", session, "q");
                Threads.awaitUntil(() -> "q did not end the program: " + String.join("\n", captureQuietly(session)),
                        () -> Files.exists(done), Duration.ofSeconds(15));
                List<String> after = capture(session);
                assertTrue(after.stream().noneMatch(l -> l.startsWith("CHANNEL")),
                        "the alternate screen was left: " + String.join("\n", after));
            } finally {
                tmuxQuiet("kill-session", "-t", session);
                Files.deleteIfExists(done);
            }
        }
        assertEquals(2, first.statistics().size());
        second.close();
    }

    private static List<String> awaitScreen(String session, Predicate<List<String>> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> screen = List.of();
        while (System.nanoTime() < deadline) {
            screen = capture(session);
            if (ready.test(screen)) return screen;
            Thread.sleep(100); // the poll period: each look at the screen starts a tmux process
        }
        throw new AssertionError("the screen never showed what was expected:\n" + String.join("\n", screen));
    }

    private static List<String> capture(String session) throws Exception {
        return List.of(tmux("capture-pane", "-p", "-t", session).split("\n"));
    }

    /** The screen, or why it could not be read: for a failure message. */
    private static List<String> captureQuietly(String session) {
        try {
            return capture(session);
        } catch (Exception e) {
            return List.of("(screen not readable: " + e + ")");
        }
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static void tmuxQuiet(String... args) {
        try {
            tmux(args);
        } catch (IOException | InterruptedException ignored) {
            // already gone
        }
    }

    private static boolean which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
