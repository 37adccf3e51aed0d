package dev.loomchan.select.lincheck;

import dev.loomchan.lincheck.ChannelModel;

/** Lincheck, model checking and stress, over select clauses and channel operations on {@link ChannelModel.Rendezvous}. */
public class RendezvousSelectLincheckTest extends SelectOperations {
    public RendezvousSelectLincheckTest() {
        super(ChannelModel.Rendezvous.class);
    }
}
