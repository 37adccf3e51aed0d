package dev.loomchan.benchmarks.report;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them: "250 ms", "3 s", "4m05s". */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        if (d.toMillis() < 1_000) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() < 60) {
            return d.toMillis() % 1_000 == 0
                    ? d.toSeconds() + " s"
                    : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
