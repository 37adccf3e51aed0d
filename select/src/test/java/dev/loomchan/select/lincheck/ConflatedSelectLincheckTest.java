package dev.loomchan.select.lincheck;

import dev.loomchan.lincheck.ChannelModel;

/** Lincheck, model checking and stress, over select clauses and channel operations on {@link ChannelModel.Conflated}. */
public class ConflatedSelectLincheckTest extends SelectOperations.WithSendOrDefault {
    public ConflatedSelectLincheckTest() {
        super(ChannelModel.Conflated.class);
    }
}
