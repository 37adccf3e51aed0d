package dev.loomchan.lincheck;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * How hard the Lincheck tests search: the everyday profile, sized so that {@code ./loomchan test} stays short on two
 * cores, or the deep profile ({@code -Dloomchan.lincheck.profile=deep}, set by the Maven profile
 * {@code lincheck-deep}) for a separate long run. Scenarios have the same shape in both; the deep profile tries many
 * more of them, and many more interleavings of each.
 *
 * @param iterations              scenarios per test
 * @param modelCheckingInvocations interleavings explored per scenario by the model checker
 * @param stressInvocations       runs per scenario on real threads
 */
record LincheckEffort(int iterations, int modelCheckingInvocations, int stressInvocations) {
    static final LincheckEffort EVERYDAY = new LincheckEffort(8, 60, 500);
    static final LincheckEffort DEEP = new LincheckEffort(100, 1_000, 10_000);

    /** Three threads (two working, one that also releases), two operations each, one before and one after. */
    static final int THREADS = 3, ACTORS_PER_THREAD = 2, ACTORS_BEFORE = 1, ACTORS_AFTER = 1;

    /**
     * The profile chosen by {@code -Dloomchan.lincheck.profile} (everyday or deep), with any number overridden by
     * {@code -Dloomchan.lincheck.iterations}, {@code .modelCheckingInvocations} or {@code .stressInvocations}.
     */
    static LincheckEffort current() {
        String profile = System.getProperty("loomchan.lincheck.profile", "everyday");
        LincheckEffort base = switch (profile) {
            case "everyday" -> EVERYDAY;
            case "deep" -> DEEP;
            default -> throw new IllegalArgumentException("loomchan.lincheck.profile must be everyday or deep, was " + profile);
        };
        return new LincheckEffort(
                Integer.getInteger("loomchan.lincheck.iterations", base.iterations),
                Integer.getInteger("loomchan.lincheck.modelCheckingInvocations", base.modelCheckingInvocations),
                Integer.getInteger("loomchan.lincheck.stressInvocations", base.stressInvocations));
    }

    ModelCheckingOptions modelChecking(Class<? extends DualSpecification> specification) {
        return shape(new ModelCheckingOptions(), specification).invocationsPerIteration(modelCheckingInvocations);
    }

    StressOptions stress(Class<? extends DualSpecification> specification) {
        return shape(new StressOptions(), specification).invocationsPerIteration(stressInvocations);
    }

    private <O extends Options<O, ?>> O shape(O options, Class<? extends DualSpecification> specification) {
        return options.iterations(iterations)
                .threads(THREADS).actorsPerThread(ACTORS_PER_THREAD)
                .actorsBefore(ACTORS_BEFORE).actorsAfter(ACTORS_AFTER)
                .executionGenerator(ReleasingScenarioGenerator.class)
                .verifier(DualLinearizabilityVerifier.class)
                .sequentialSpecification(specification)
                // Shrinking a failing scenario could drop its releasing operation and turn any failure into a hang.
                .minimizeFailedScenario(false);
    }
}
