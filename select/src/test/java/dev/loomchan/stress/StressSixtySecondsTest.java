package dev.loomchan.stress;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 60-second version of {@code ./loomchan stress} that {@code ./loomchan test} runs: every channel kind, random
 * interrupts and selects, every invariant of the stress tool. The report goes to standard output as the run goes and
 * into the failure message.
 */
@Tag("stress")
class StressSixtySecondsTest {
    /** Each kind may overrun its share by one round; a stuck run is dumped by the tool's own watchdog well before. */
    private static final Duration BOUND = Duration.ofSeconds(60 + 180);

    @Test
    void everyKindForSixtySecondsWithInterruptsAndSelectsKeepsEveryInvariant() throws Exception {
        StressOptions options = StressOptions.parse(new String[]{
                "--seconds", "60", "--kinds", "all", "--interrupt-rate", "0.001", "--select", "0.3"});
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(System.out, report), true, StandardCharsets.UTF_8);

        boolean passed = assertTimeoutPreemptively(BOUND, () -> StressMain.run(options, out, () -> {
            // The watchdog has printed the stacks; the time-out above fails the test.
        }), () -> "the stress run did not finish within " + BOUND.toSeconds() + " s:\n" + report);

        assertTrue(passed, () -> "the stress run broke an invariant:\n" + report.toString(StandardCharsets.UTF_8));
    }

    /** Writes to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
