package dev.loomchan.select.properties;

import dev.loomchan.select.support.ChannelKind;
import dev.loomchan.select.support.ThreadKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Concurrent properties of select: random sets of channels of random kinds (rendezvous, buffered 1 and 16,
 * unlimited, conflated); producers sending plainly and through onSend selects; selectors receiving through select,
 * selectUnbiased and selectN; plain consumers; random interrupts; the channels closed after the producers or closed
 * or cancelled at a random point. Every run checks that each item was received exactly once, or handed to
 * onUndeliveredElement exactly once, or kept by a producer whose send did not happen, as the send's outcome requires;
 * that nothing was received twice or from another channel than it was sent to; that each consumer got each producer's
 * items on one channel in order; that every select ran exactly the blocks of the clauses it chose; that every thread
 * ended in bounded time; and that no select registration is left in any channel afterwards.
 */
class SelectConcurrentProperties {

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(
                Arbitraries.of(ChannelKind.class).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(ThreadKind.class),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(20, 1000),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(0, 0, 50, 200, 1000),
                Combinators.combine(Arbitraries.of(Scenario.Ending.class), Arbitraries.integers().between(0, 100))
                        .as(EndAt::new)
        ).as((channels, threads, producers, perProducer, selectors, plain, interrupts, endAt) -> new Scenario(
                channels, threads, producers, perProducer, selectors, plain, interrupts, endAt.ending(), endAt.percent()));
    }

    private record EndAt(Scenario.Ending ending, int percent) {
    }

    @Property(tries = 800, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void nothingIsLostOrDuplicatedAndNoRegistrationRemains(@ForAll("scenarios") Scenario s) throws Exception {
        new ScenarioRun(s).execute();
    }

    /** Few channels where every send waits for a receiver, several threads on each side, frequent interrupts. */
    @Provide
    Arbitrary<Scenario> contendedScenarios() {
        return Combinators.combine(
                Arbitraries.of(ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.of(ThreadKind.class),
                Arbitraries.integers().between(2, 3),
                Arbitraries.integers().between(200, 1000),
                Arbitraries.integers().between(2, 3),
                Arbitraries.integers().between(0, 1),
                Arbitraries.of(20, 50, 200),
                Combinators.combine(Arbitraries.of(Scenario.Ending.class), Arbitraries.integers().between(30, 100))
                        .as(EndAt::new)
        ).as((channels, threads, producers, perProducer, selectors, plain, interrupts, endAt) -> new Scenario(
                channels, threads, producers, perProducer, selectors, plain, interrupts, endAt.ending(), endAt.percent()));
    }

    /** The same checks where selects meet selects on rendezvous cells and are interrupted while they do. */
    @Property(tries = 300, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void contendedSelectsUnderInterruptsLoseNothing(@ForAll("contendedScenarios") Scenario s) throws Exception {
        new ScenarioRun(s).execute();
    }
}
