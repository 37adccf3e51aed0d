package dev.loomchan.lincheck;

/** Lincheck, model checking and stress, over the channel operations of {@link ChannelModel.Conflated}. */
public class ConflatedChannelLincheckTest extends WithTrySend {
    public ConflatedChannelLincheckTest() {
        super(ChannelModel.Conflated.class);
    }
}
