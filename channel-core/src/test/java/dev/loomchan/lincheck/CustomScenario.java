package dev.loomchan.lincheck;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One hand-written Lincheck scenario over the operations of a test class, for the model checker to explore in depth:
 * {@code CustomScenario.of(Buffered1ChannelLincheckTest.class).thread("send", 1).thread("tryReceive").post(...)}.
 */
final class CustomScenario {
    private final Class<?> operations;
    private final List<List<Actor>> threads = new ArrayList<>();
    private final List<Actor> post = new ArrayList<>();

    private CustomScenario(Class<?> operations) {
        this.operations = operations;
    }

    static CustomScenario of(Class<?> operations) {
        return new CustomScenario(operations);
    }

    /** A parallel thread running one operation (int arguments only). */
    CustomScenario thread(String method, Object... arguments) {
        threads.add(List.of(actor(method, arguments)));
        return this;
    }

    /** The parallel thread added last runs this operation next. */
    CustomScenario then(String method, Object... arguments) {
        List<Actor> last = new ArrayList<>(threads.remove(threads.size() - 1));
        last.add(actor(method, arguments));
        threads.add(last);
        return this;
    }

    /** An operation run after the parallel part. */
    CustomScenario post(String method, Object... arguments) {
        post.add(actor(method, arguments));
        return this;
    }

    /** Model checking of this scenario alone, up to {@code invocations} interleavings, against {@code model}. */
    void modelCheck(Class<? extends DualSpecification> model, int invocations) {
        new ModelCheckingOptions()
                .iterations(0)
                .addCustomScenario(new ExecutionScenario(List.of(), threads, post, null))
                .invocationsPerIteration(invocations)
                .verifier(DualLinearizabilityVerifier.class)
                .sequentialSpecification(model)
                .minimizeFailedScenario(false)
                .check(operations);
    }

    private Actor actor(String method, Object... arguments) {
        Class<?>[] types = new Class<?>[arguments.length];
        Arrays.fill(types, int.class);
        try {
            return new Actor(operations.getMethod(method, types), List.of(arguments));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(operations.getSimpleName() + " has no operation " + method, e);
        }
    }
}
