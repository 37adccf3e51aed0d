package dev.loomchan.select.lincheck;

import dev.loomchan.lincheck.ChannelModel;

/** Lincheck, model checking and stress, over select clauses and channel operations on {@link ChannelModel.DropLatest1}. */
public class DropLatestSelectLincheckTest extends SelectOperations.WithSendOrDefault {
    public DropLatestSelectLincheckTest() {
        super(ChannelModel.DropLatest1.class);
    }
}
