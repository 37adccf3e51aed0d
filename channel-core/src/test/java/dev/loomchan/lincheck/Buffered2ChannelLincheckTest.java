package dev.loomchan.lincheck;

/** Lincheck, model checking and stress, over the channel operations of {@link ChannelModel.Buffered2}. */
public class Buffered2ChannelLincheckTest extends ChannelOperations {
    public Buffered2ChannelLincheckTest() {
        super(ChannelModel.Buffered2.class);
    }
}
