package dev.loomchan.lincheck;

/** Lincheck, model checking and stress, over the channel operations of {@link ChannelModel.Unlimited}. */
public class UnlimitedChannelLincheckTest extends WithTrySend {
    public UnlimitedChannelLincheckTest() {
        super(ChannelModel.Unlimited.class);
    }
}
