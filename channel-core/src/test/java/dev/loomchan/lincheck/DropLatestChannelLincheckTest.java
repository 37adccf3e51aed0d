package dev.loomchan.lincheck;

/** Lincheck, model checking and stress, over the channel operations of {@link ChannelModel.DropLatest1}. */
public class DropLatestChannelLincheckTest extends WithTrySend {
    public DropLatestChannelLincheckTest() {
        super(ChannelModel.DropLatest1.class);
    }
}
