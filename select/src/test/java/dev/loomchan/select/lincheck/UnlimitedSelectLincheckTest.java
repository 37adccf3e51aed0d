package dev.loomchan.select.lincheck;

import dev.loomchan.lincheck.ChannelModel;

/** Lincheck, model checking and stress, over select clauses and channel operations on {@link ChannelModel.Unlimited}. */
public class UnlimitedSelectLincheckTest extends SelectOperations.WithSendOrDefault {
    public UnlimitedSelectLincheckTest() {
        super(ChannelModel.Unlimited.class);
    }
}
