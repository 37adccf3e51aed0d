package dev.loomchan.benchmarks.peers;

import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;

/** The conflated shape for loomchan's {@link Channel#conflated()}, on virtual threads. */
final class LoomchanConflatedPeer implements ConflatedPeer {

    @Override
    public long conflated(int elements) throws InterruptedException {
        Channel<Integer> channel = Channel.conflated();
        Workers workers = new Workers(Thread.ofVirtual());
        workers.start(() -> {
            for (int i = 0; i < elements; i++) {
                channel.send(Checksums.value(i));
            }
            channel.close();
            return 0;
        });
        workers.start(() -> {
            long seen = 0;
            for (ChannelIterator<Integer> it = channel.iterator(); it.hasNext(); ) {
                it.next();
                seen++;
            }
            return seen;
        });
        return workers.joinAll();
    }
}
