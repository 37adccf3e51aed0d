package dev.loomchan.benchmarks.peers;

import dev.loomchan.Channel;

import java.util.ArrayList;
import java.util.List;

/**
 * loomchan driven in runs: the sender collects {@link #RUN} elements and hands them over with one {@code sendAll}; the
 * receiver takes up to {@link #RUN} with one {@code receiveMany} and serves them one by one. What a pipeline that can
 * work in batches gets from the channel's batch operations. One sending thread and one receiving thread: each side's
 * run is that thread's, and a second thread on either side is refused.
 */
final class BatchPipe implements Pipe {
    /** Elements per run, both ways. */
    static final int RUN = 64;

    private final Channel<Integer> channel;
    private final List<Integer> outgoing = new ArrayList<>(RUN);
    private final List<Integer> incoming = new ArrayList<>(RUN);
    private int nextIncoming;
    private Thread sender;
    private Thread receiver;

    BatchPipe(Channel<Integer> channel) {
        this.channel = channel;
    }

    @Override
    public void send(Integer element) throws InterruptedException {
        sender = only(sender, "sending");
        outgoing.add(element);
        if (outgoing.size() == RUN) {
            flush();
        }
    }

    @Override
    public void flush() throws InterruptedException {
        if (!outgoing.isEmpty()) {
            channel.sendAll(outgoing);
            outgoing.clear();
        }
    }

    @Override
    public Integer receive() throws InterruptedException {
        receiver = only(receiver, "receiving");
        if (nextIncoming == incoming.size()) {
            incoming.clear();
            nextIncoming = 0;
            channel.receiveMany(incoming, RUN);
        }
        return incoming.get(nextIncoming++);
    }

    private static Thread only(Thread seen, String side) {
        Thread current = Thread.currentThread();
        if (seen != null && seen != current) {
            throw new IllegalStateException("a batch pipe has one " + side + " thread; " + current + " is a second");
        }
        return current;
    }
}
