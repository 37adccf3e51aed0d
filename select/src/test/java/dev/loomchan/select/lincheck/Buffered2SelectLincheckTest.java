package dev.loomchan.select.lincheck;

import dev.loomchan.lincheck.ChannelModel;

/** Lincheck, model checking and stress, over select clauses and channel operations on {@link ChannelModel.Buffered2}. */
public class Buffered2SelectLincheckTest extends SelectOperations {
    public Buffered2SelectLincheckTest() {
        super(ChannelModel.Buffered2.class);
    }
}
