package dev.loomchan.lincheck;

/** Lincheck, model checking and stress, over the channel operations of {@link ChannelModel.Rendezvous}. */
public class RendezvousChannelLincheckTest extends ChannelOperations {
    public RendezvousChannelLincheckTest() {
        super(ChannelModel.Rendezvous.class);
    }
}
