package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.SelectClause;
import dev.loomchan.select.support.Registrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bias. {@link Select#select} is biased: among the clauses that can complete when it starts, the first listed wins,
 * and it is the only one that completes (Kotlin's SelectBiasTest, over random mixes of ready and silent clauses).
 * {@link Select#selectUnbiased} chooses uniformly among the ready clauses, checked with a chi-square test.
 *
 * <p>The fairness tests compare Pearson's statistic with the chi-square quantile of probability {@code 1 - 1e-6}
 * ({@value #CHI2_3_DF} for three degrees of freedom, {@value #CHI2_2_DF} for two; {@code scipy.stats.chi2.isf(1e-6,
 * df)}). With at least 10,000 expected choices per clause the chi-square approximation of the multinomial is
 * accurate, so a uniform {@code selectUnbiased} fails either test with probability about {@code 1e-6} per run. A bias
 * of one percentage point towards one clause already gives a statistic near the threshold; the biased {@code select}
 * over the same clauses gives one in the tens of thousands, which each test checks too, so that the test can fail.
 */
@Timeout(120)
class SelectBiasTest {
    static final double CHI2_3_DF = 30.665;
    static final double CHI2_2_DF = 27.631;

    /** What a slot of the random select holds this round. */
    enum Slot { READY_RECEIVE, SILENT_RECEIVE, READY_SEND, FULL_SEND, ZERO_TIMEOUT, LONG_TIMEOUT }

    @Test
    void selectChoosesTheFirstReadyClauseAndCompletesOnlyThatOne() throws InterruptedException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int slots = 6;
        List<Channel<String>> channels = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            channels.add(Channel.buffered(1));
        }
        for (int round = 0; round < 3000; round++) {
            Slot[] plan = new Slot[slots];
            List<SelectClause<Integer>> clauses = new ArrayList<>();
            int firstReady = -1;
            for (int i = 0; i < slots; i++) {
                plan[i] = Slot.values()[random.nextInt(Slot.values().length)];
                clauses.add(prepare(plan[i], channels.get(i), i));
                boolean ready = plan[i] == Slot.READY_RECEIVE || plan[i] == Slot.READY_SEND || plan[i] == Slot.ZERO_TIMEOUT;
                if (ready && firstReady < 0) {
                    firstReady = i;
                }
            }
            clauses.add(Select.onDefault(() -> -1));
            String where = "seed " + seed + ", round " + round + ", plan " + Arrays.toString(plan);
            assertEquals(firstReady, Select.select(clauses), where);
            for (int i = 0; i < slots; i++) {
                assertEquals(contentsAfter(plan[i], i == firstReady), drain(channels.get(i)),
                        where + ": slot " + i + " completed or not as it should");
            }
        }
        Registrations.assertNoneLeft(channels.toArray(new Channel<?>[0]));
    }

    /** Sets up the channel of a slot for this round and returns its clause, whose block returns the slot's index. */
    private static SelectClause<Integer> prepare(Slot slot, Channel<String> ch, int index) {
        return switch (slot) {
            case READY_RECEIVE -> {
                assertTrue(ch.trySend("element").isSuccess());
                yield ch.onReceive(v -> index);
            }
            case SILENT_RECEIVE -> ch.onReceive(v -> index);
            case READY_SEND -> ch.onSend("sent", () -> index);
            case FULL_SEND -> {
                assertTrue(ch.trySend("full").isSuccess());
                yield ch.onSend("sent", () -> index);
            }
            case ZERO_TIMEOUT -> Select.onTimeout(Duration.ZERO, () -> index);
            case LONG_TIMEOUT -> Select.onTimeout(Duration.ofMinutes(1), () -> index);
        };
    }

    /** What the slot's channel must hold after the select, given whether the slot was the one chosen. */
    private static List<String> contentsAfter(Slot slot, boolean chosen) {
        return switch (slot) {
            case READY_RECEIVE -> chosen ? List.of() : List.of("element");
            case READY_SEND -> chosen ? List.of("sent") : List.of();
            case FULL_SEND -> List.of("full");
            case SILENT_RECEIVE, ZERO_TIMEOUT, LONG_TIMEOUT -> List.of();
        };
    }

    private static List<String> drain(Channel<String> ch) {
        List<String> left = new ArrayList<>();
        for (ChannelResult<String> r = ch.tryReceive(); r.isSuccess(); r = ch.tryReceive()) {
            left.add(r.getOrThrow());
        }
        return left;
    }

    /**
     * Four clauses that are always ready, one of each kind: a receive and a receive-catching whose blocks put the
     * element back, a send to an unlimited channel whose block takes it out again, a send to a conflated channel.
     */
    @Test
    void selectUnbiasedChoosesUniformlyAmongAlwaysReadyClauses() throws InterruptedException {
        Channel<Integer> a = Channel.unlimited();
        Channel<Integer> b = Channel.unlimited();
        Channel<Integer> c = Channel.unlimited();
        Channel<Integer> d = Channel.conflated();
        a.send(0);
        b.send(1);
        List<SelectClause<Integer>> clauses = List.of(
                a.onReceive(v -> putBack(a, v, 0)),
                b.onReceiveCatching(r -> putBack(b, r.getOrThrow(), 1)),
                c.onSend(2, () -> {
                    c.tryReceive();
                    return 2;
                }),
                d.onSend(3, () -> 3));
        int n = 40_000;
        long[] unbiased = new long[4];
        long[] biased = new long[4];
        for (int i = 0; i < n; i++) {
            unbiased[Select.selectUnbiased(clauses)]++;
        }
        for (int i = 0; i < n / 10; i++) {
            biased[Select.select(clauses)]++;
        }
        double statistic = chiSquareAgainstUniform(unbiased);
        assertTrue(statistic < CHI2_3_DF, "selectUnbiased is not uniform: counts " + Arrays.toString(unbiased)
                + ", chi-square " + statistic + " >= " + CHI2_3_DF);
        assertTrue(chiSquareAgainstUniform(biased) > 100 * CHI2_3_DF, "the test must be able to tell a biased select: "
                + Arrays.toString(biased));
    }

    /** Three ready clauses among three that cannot complete: the ready ones are chosen uniformly, the others never. */
    @Test
    void selectUnbiasedChoosesUniformlyAmongTheReadyClausesOnly() throws InterruptedException {
        Channel<Integer> silent = Channel.rendezvous();
        Channel<Integer> full = Channel.buffered(1);
        Channel<Integer> ready = Channel.unlimited();
        Channel<Integer> sink = Channel.unlimited();
        full.send(-1);
        ready.send(0);
        List<SelectClause<Integer>> clauses = List.of(
                silent.onReceive(v -> 3),
                ready.onReceive(v -> putBack(ready, v, 0)),
                full.onSend(4, () -> 4),
                sink.onSend(1, () -> {
                    sink.tryReceive();
                    return 1;
                }),
                silent.onReceiveCatching(r -> 5),
                Select.onTimeout(Duration.ZERO, () -> 2));
        int n = 30_000;
        long[] counts = new long[6];
        for (int i = 0; i < n; i++) {
            counts[Select.selectUnbiased(clauses)]++;
        }
        assertEquals(0, counts[3] + counts[4] + counts[5], "a clause that cannot complete was chosen: "
                + Arrays.toString(counts));
        long[] readyCounts = Arrays.copyOf(counts, 3);
        double statistic = chiSquareAgainstUniform(readyCounts);
        assertTrue(statistic < CHI2_2_DF, "not uniform among the ready clauses: counts " + Arrays.toString(readyCounts)
                + ", chi-square " + statistic + " >= " + CHI2_2_DF);
        Registrations.assertNoneLeft(silent, full, ready, sink);
        assertEquals(-1, full.tryReceive().getOrNull(), "the full channel's send clause never sent");
    }

    private static int putBack(Channel<Integer> ch, int element, int index) {
        assertTrue(ch.trySend(element).isSuccess());
        return index;
    }

    /** Pearson's chi-square statistic of {@code counts} against equal expected counts. */
    static double chiSquareAgainstUniform(long[] counts) {
        long total = Arrays.stream(counts).sum();
        double expected = (double) total / counts.length;
        double statistic = 0;
        for (long observed : counts) {
            double d = observed - expected;
            statistic += d * d / expected;
        }
        return statistic;
    }
}
