package dev.loomchan.lincheck;

import dev.loomchan.Channel;
import dev.loomchan.lincheck.Outcomes.Token;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The channel operations Lincheck runs, on a fresh channel per run, each returning what {@link ChannelModel} predicts
 * for it. Blocking operations ({@code blocking = true}) really park their Lincheck thread; see
 * {@link ReleasingScenarioGenerator} for why they cannot park for ever, and {@link DualLinearizabilityVerifier} for
 * how they are linearized. Subclasses choose the kind of channel through its model, and add operations (the select
 * module adds select clauses).
 *
 * <p>Two tests per kind: {@code modelChecking} explores interleavings systematically (Lincheck's managed threads,
 * sequentially consistent memory); {@code stress} runs the same kind of scenarios on real threads.
 */
@Tag("lincheck")
@Param(name = "element", gen = IntGen.class, conf = "1:" + ChannelOperations.MAX_ELEMENT)
@Param(name = "token", gen = IntGen.class, conf = "1:3")
public abstract class ChannelOperations {
    static final int MAX_ELEMENT = 4;

    private final Class<? extends ChannelModel> model;
    /** How many times each element was handed to onUndeliveredElement. */
    private final AtomicIntegerArray undelivered = new AtomicIntegerArray(MAX_ELEMENT + 1);
    protected final Channel<Integer> channel;

    protected ChannelOperations(Class<? extends ChannelModel> model) {
        this.model = model;
        try {
            this.channel = model.getConstructor().newInstance().newChannel(e -> undelivered.incrementAndGet(e));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Operation(blocking = true)
    public String send(@Param(name = "element") int element) throws InterruptedException {
        try {
            channel.send(element);
            return ChannelModel.OK;
        } catch (RuntimeException e) {
            return Outcomes.ofClosed(e);
        }
    }

    /**
     * Not an operation here: on channels whose sends may wait, trySend is not linearizable (it can fail because of a
     * concurrent send that then fails itself; see {@link KnownNonLinearizabilityTest}). {@link WithTrySend} makes it
     * one for the kinds whose sends never wait.
     */
    public String trySend(@Param(name = "element") int element) {
        return Outcomes.ofSend(channel.trySend(element));
    }

    @Operation(blocking = true)
    public String receive() throws InterruptedException {
        try {
            return String.valueOf(channel.receive());
        } catch (RuntimeException e) {
            return Outcomes.ofClosed(e);
        }
    }

    @Operation(blocking = true)
    public String receiveCatching() throws InterruptedException {
        return Outcomes.ofReceive(channel.receiveCatching());
    }

    @Operation
    public String tryReceive() {
        return Outcomes.ofReceive(channel.tryReceive());
    }

    @Operation
    public String close(@Param(name = "token") int token) {
        return String.valueOf(channel.close(new Token(token)));
    }

    @Operation
    public String cancel(@Param(name = "token") int token) {
        channel.cancel(new Token(token));
        return ChannelModel.OK;
    }

    @Operation
    public String isClosedForSend() {
        return String.valueOf(channel.isClosedForSend());
    }

    @Operation
    public String isClosedForReceive() {
        return String.valueOf(channel.isClosedForReceive());
    }

    @Operation
    public String isEmpty() {
        return String.valueOf(channel.isEmpty());
    }

    /** The elements handed to onUndeliveredElement so far, sorted; the generator puts it last. */
    @Operation
    public String undeliveredElements() {
        List<Integer> elements = new ArrayList<>();
        for (int e = 0; e <= MAX_ELEMENT; e++) {
            for (int n = undelivered.get(e); n > 0; n--) {
                elements.add(e);
            }
        }
        return elements.toString();
    }

    @Test
    void modelChecking() {
        LincheckEffort.current().modelChecking(model).check(getClass());
    }

    @Test
    void stress() {
        LincheckEffort.current().stress(model).check(getClass());
    }
}
