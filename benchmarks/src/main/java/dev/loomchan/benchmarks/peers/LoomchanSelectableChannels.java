package dev.loomchan.benchmarks.peers;

import dev.loomchan.Channel;
import dev.loomchan.SelectClause;
import dev.loomchan.select.Select;

import java.util.function.Function;

/** loomchan rendezvous channels and {@link Select#select(SelectClause[])} over {@code onReceive} clauses. */
final class LoomchanSelectableChannels implements SelectableChannels {
    private static final Function<Integer, Integer> IDENTITY = e -> e;

    private final Channel<Integer>[] channels;

    @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays
    LoomchanSelectableChannels(int count) {
        channels = new Channel[count];
        for (int c = 0; c < count; c++) {
            channels[c] = Channel.rendezvous();
        }
    }

    @Override
    public Pipe channel(int i) {
        return Pipes.loomchan(channels[i]);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays
    public Integer selectReceive() throws InterruptedException {
        SelectClause<Integer>[] clauses = new SelectClause[channels.length];
        for (int c = 0; c < channels.length; c++) {
            clauses[c] = channels[c].onReceive(IDENTITY);
        }
        return Select.select(clauses);
    }
}
