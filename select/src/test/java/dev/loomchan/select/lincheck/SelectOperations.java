package dev.loomchan.select.lincheck;

import dev.loomchan.lincheck.ChannelModel;
import dev.loomchan.lincheck.ChannelOperations;
import dev.loomchan.lincheck.Outcomes;
import dev.loomchan.select.Select;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The channel operations of {@link ChannelOperations} plus select clauses over the same channel: a select that waits
 * on {@code onReceive} alone, one on {@code onSend} alone, and one on {@code onReceive} with {@code onDefault}.
 * {@link ChannelModel} specifies each by its plain counterpart (receive, send, tryReceive), so Lincheck checks that a
 * select registered in a cell behaves, to everyone else, exactly like the operation it stands for.
 *
 * <p>{@code select(onSend, onDefault)} is an operation only where sends never wait ({@link WithSendOrDefault}): where
 * they may wait it has the same non-linearizable failure as {@code trySend}.
 */
public abstract class SelectOperations extends ChannelOperations {

    protected SelectOperations(Class<? extends ChannelModel> model) {
        super(model);
    }

    @Operation(blocking = true)
    public String selectReceive() throws InterruptedException {
        try {
            return Select.select(channel.onReceive(String::valueOf));
        } catch (RuntimeException e) {
            return Outcomes.ofClosed(e);
        }
    }

    @Operation(blocking = true)
    public String selectSend(@Param(name = "element") int element) throws InterruptedException {
        try {
            return Select.select(channel.onSend(element, () -> ChannelModel.OK));
        } catch (RuntimeException e) {
            return Outcomes.ofClosed(e);
        }
    }

    @Operation
    public String selectReceiveOrDefault() throws InterruptedException {
        try {
            return Select.select(channel.onReceive(String::valueOf), Select.onDefault(() -> ChannelModel.FAILED));
        } catch (RuntimeException e) {
            return Outcomes.ofClosed(e);
        }
    }

    /** {@code select(onSend, onDefault)}; an operation only in {@link WithSendOrDefault}. */
    public String selectSendOrDefault(@Param(name = "element") int element) throws InterruptedException {
        try {
            return Select.select(channel.onSend(element, () -> ChannelModel.OK), Select.onDefault(() -> ChannelModel.FAILED));
        } catch (RuntimeException e) {
            return Outcomes.ofClosed(e);
        }
    }

    /** The select operations plus {@code select(onSend, onDefault)} and {@code trySend}, where sends never wait. */
    public abstract static class WithSendOrDefault extends SelectOperations {
        protected WithSendOrDefault(Class<? extends ChannelModel> model) {
            super(model);
        }

        @Operation
        @Override
        public String selectSendOrDefault(@Param(name = "element") int element) throws InterruptedException {
            return super.selectSendOrDefault(element);
        }

        @Operation
        @Override
        public String trySend(@Param(name = "element") int element) {
            return super.trySend(element);
        }
    }
}
