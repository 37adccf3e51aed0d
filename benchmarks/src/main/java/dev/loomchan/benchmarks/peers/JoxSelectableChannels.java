package dev.loomchan.benchmarks.peers;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;

/** jox rendezvous channels and jox's {@link Select#select(SelectClause[])} over {@code receiveClause()}. */
final class JoxSelectableChannels implements SelectableChannels {
    private final Channel<Integer>[] channels;

    @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays
    JoxSelectableChannels(int count) {
        channels = new Channel[count];
        for (int c = 0; c < count; c++) {
            channels[c] = Channel.newRendezvousChannel();
        }
    }

    @Override
    public Pipe channel(int i) {
        return Pipes.jox(channels[i]);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays
    public Integer selectReceive() throws InterruptedException {
        SelectClause<Integer>[] clauses = new SelectClause[channels.length];
        for (int c = 0; c < channels.length; c++) {
            clauses[c] = channels[c].receiveClause();
        }
        return Select.select(clauses);
    }
}
