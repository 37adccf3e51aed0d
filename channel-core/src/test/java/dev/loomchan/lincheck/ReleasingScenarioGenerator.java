package dev.loomchan.lincheck;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.CTestStructure;
import org.jetbrains.kotlinx.lincheck.execution.ActorGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CTestConfiguration;
import org.jetbrains.lincheck.datastructures.RandomProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates Lincheck scenarios in which no blocking operation can wait for ever, so that a thread still parked at the
 * end of a run is a bug and not the scenario's fault.
 *
 * <p>Lincheck reports any thread parked for good as a hang: it has no notion of a Java operation that legitimately
 * waits for a partner that never comes (it has one only for Kotlin suspending functions). So every scenario ends its
 * parallel part with an operation that wakes every waiter (see {@link ChannelModel#releasesEveryWaiter()}: cancel, or
 * close where sends never wait), run by a "releasing" thread whose other operations never block. Blocking operations
 * go to the other threads, in any number and order; the releasing operation may come at any point of the
 * interleaving, so the model checker still explores every order of the blocking operations before it.
 *
 * <p>Where the model says that sends may not race ({@link ChannelModel#sendsMayRace()}), every send goes to the first
 * working thread: one producer, any number of consumers. Operations the model leaves out for its kind
 * ({@link ChannelModel#leftOut()}) are never generated.
 *
 * <p>The initial part holds only operations that never block; the post part holds random operations (after the
 * release none of them waits) and ends with {@code undeliveredElements}, which compares the elements handed to
 * {@code onUndeliveredElement} with the model's.
 */
public final class ReleasingScenarioGenerator extends ExecutionGenerator {
    private static final String FINAL_CHECK = "undeliveredElements";

    private final Random random;
    private final List<ActorGenerator> nonBlocking = new ArrayList<>();
    private final List<ActorGenerator> any = new ArrayList<>();
    /** What threads other than the producer may run: {@link #any}, or all but the sends if sends may not race. */
    private final List<ActorGenerator> consumer = new ArrayList<>();
    /** What the releasing thread may run besides its releasing operation. */
    private final List<ActorGenerator> releaserPrefix = new ArrayList<>();
    private final List<ActorGenerator> releasing = new ArrayList<>();
    private ActorGenerator finalCheck;

    /** Lincheck creates generators reflectively with this constructor. */
    public ReleasingScenarioGenerator(CTestConfiguration configuration, CTestStructure structure,
                                      RandomProvider randomProvider) {
        super(configuration, structure);
        this.random = randomProvider.createRandom();
        ChannelModel model = model(configuration);
        Set<String> releasers = model.releasesEveryWaiter();
        for (ActorGenerator generator : structure.actorGenerators) {
            Actor sample = generator.generate(0, random);
            String name = sample.getMethod().getName();
            if (name.equals(FINAL_CHECK)) {
                finalCheck = generator;
                continue;
            }
            if (model.leftOut().contains(name)) {
                continue;
            }
            if (releasers.contains(name)) {
                releasing.add(generator);
            }
            boolean confined = !model.sendsMayRace() && ChannelModel.SEND_OPERATIONS.contains(name);
            any.add(generator);
            if (!confined) {
                consumer.add(generator);
            }
            if (!sample.getBlocking()) {
                nonBlocking.add(generator);
                if (!confined) {
                    releaserPrefix.add(generator);
                }
            }
        }
        if (releasing.isEmpty() || finalCheck == null) {
            throw new IllegalStateException("the test needs the operations " + releasers + " and " + FINAL_CHECK);
        }
    }

    private static ChannelModel model(CTestConfiguration configuration) {
        try {
            return (ChannelModel) configuration.getSequentialSpecification().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the sequential specification must be a ChannelModel", e);
        }
    }

    @Override
    public ExecutionScenario nextExecution() {
        int threads = Math.max(2, testConfiguration.getThreads());
        int perThread = testConfiguration.getActorsPerThread();
        List<Actor> init = pick(nonBlocking, testConfiguration.getActorsBefore(), 0);
        List<List<Actor>> parallel = new ArrayList<>();
        for (int t = 0; t < threads - 1; t++) {
            parallel.add(pick(t == 0 ? any : consumer, perThread, t + 1));
        }
        List<Actor> releaser = pick(releaserPrefix, perThread - 1, threads);
        releaser.add(pick(releasing, 1, threads).get(0));
        parallel.add(releaser);
        List<Actor> post = pick(any, testConfiguration.getActorsAfter(), threads + 1);
        post.add(finalCheck.generate(threads + 1, random));
        return new ExecutionScenario(init, parallel, post, testStructure.validationFunction);
    }

    private List<Actor> pick(List<ActorGenerator> from, int count, int threadId) {
        List<Actor> actors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            actors.add(from.get(random.nextInt(from.size())).generate(threadId, random));
        }
        return actors;
    }
}
