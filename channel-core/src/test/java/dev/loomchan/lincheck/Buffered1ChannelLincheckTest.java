package dev.loomchan.lincheck;

/** Lincheck, model checking and stress, over the channel operations of {@link ChannelModel.Buffered1}. */
public class Buffered1ChannelLincheckTest extends ChannelOperations {
    public Buffered1ChannelLincheckTest() {
        super(ChannelModel.Buffered1.class);
    }
}
