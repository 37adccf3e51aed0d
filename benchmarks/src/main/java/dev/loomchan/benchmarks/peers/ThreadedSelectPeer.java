package dev.loomchan.benchmarks.peers;

import java.util.function.IntFunction;

/** The select shape on virtual threads, for the Java libraries with a select (loomchan and jox). */
final class ThreadedSelectPeer implements SelectPeer {
    private final IntFunction<? extends SelectableChannels> open;

    ThreadedSelectPeer(IntFunction<? extends SelectableChannels> open) {
        this.open = open;
    }

    @Override
    public long select(int clauses, int elements) throws InterruptedException {
        int perSender = Checksums.share(elements, clauses);
        SelectableChannels channels = open.apply(clauses);
        Workers workers = new Workers(Thread.ofVirtual());
        for (int c = 0; c < clauses; c++) {
            Pipe channel = channels.channel(c);
            workers.start(() -> {
                for (int i = 0; i < perSender; i++) {
                    channel.send(Checksums.value(i));
                }
                return 0;
            });
        }
        workers.start(() -> {
            long sum = 0;
            for (int i = 0; i < elements; i++) {
                sum += channels.selectReceive();
            }
            return sum;
        });
        return workers.joinAll();
    }
}
