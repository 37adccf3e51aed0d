package dev.loomchan.stress;

import dev.loomchan.support.ChannelKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stress tool's command line, as far as the select mix and the kinds go. */
class StressOptionsTest {
    @Test
    void selectsAreMixedInByDefault() throws Exception {
        assertEquals(StressOptions.DEFAULT_SELECT_RATE, StressOptions.parse(new String[0]).selectRate());
    }

    @Test
    void selectRateIsAFraction() throws Exception {
        assertEquals(0.0, StressOptions.parse(new String[]{"--select", "0"}).selectRate());
        assertEquals(1.0, StressOptions.parse(new String[]{"--select=1"}).selectRate());
        assertThrows(StressOptions.UsageException.class, () -> StressOptions.parse(new String[]{"--select", "1.5"}));
        assertThrows(StressOptions.UsageException.class, () -> StressOptions.parse(new String[]{"--select", "-0.1"}));
        assertThrows(StressOptions.UsageException.class, () -> StressOptions.parse(new String[]{"--select", "x"}));
        assertThrows(StressOptions.UsageException.class, () -> StressOptions.parse(new String[]{"--select"}));
    }

    @Test
    void allMeansEveryKindOnce() throws Exception {
        assertEquals(List.of(ChannelKind.values()),
                StressOptions.parse(new String[]{"--kinds", "rendezvous,all"}).kinds().stream().sorted().toList());
        assertEquals(ChannelKind.values().length, StressOptions.parse(new String[]{"--kinds", "all"}).kinds().size());
    }
}
