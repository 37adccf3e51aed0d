package dev.loomchan.select.lincheck;

import dev.loomchan.lincheck.ChannelModel;

/** Lincheck, model checking and stress, over select clauses and channel operations on {@link ChannelModel.Buffered1}. */
public class Buffered1SelectLincheckTest extends SelectOperations {
    public Buffered1SelectLincheckTest() {
        super(ChannelModel.Buffered1.class);
    }
}
