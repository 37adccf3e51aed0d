package dev.loomchan.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/** The channel operations plus {@code trySend}, for the kinds of channel whose sends never wait. */
public abstract class WithTrySend extends ChannelOperations {

    protected WithTrySend(Class<? extends ChannelModel> model) {
        super(model);
    }

    @Operation
    @Override
    public String trySend(@Param(name = "element") int element) {
        return super.trySend(element);
    }
}
