package dev.loomchan.benchmarks.peers;

import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The shapes on Java threads, over any {@link Pipe}: virtual threads for the peers that park (loomchan, jox, the JDK
 * queues), platform threads for the ones that spin. The code of a shape is the same for every Java peer; only the pipe
 * and the kind of thread differ.
 */
final class ThreadedPeer implements Peer {
    private final IntFunction<? extends Pipe> open;
    private final Supplier<Thread.Builder> threads;

    /**
     * @param open    opens a fresh pipe of the given {@link Capacities capacity}
     * @param threads a new builder for each invocation (builders are not thread-safe)
     */
    ThreadedPeer(IntFunction<? extends Pipe> open, Supplier<Thread.Builder> threads) {
        this.open = open;
        this.threads = threads;
    }

    @Override
    public long transfer(int capacity, int senders, int receivers, int elements) throws InterruptedException {
        int perSender = Checksums.share(elements, senders);
        int perReceiver = Checksums.share(elements, receivers);
        Pipe pipe = open.apply(capacity);
        Workers workers = new Workers(threads.get());
        for (int s = 0; s < senders; s++) {
            workers.start(() -> send(pipe, perSender));
        }
        for (int r = 0; r < receivers; r++) {
            workers.start(() -> receive(pipe, perReceiver));
        }
        return workers.joinAll();
    }

    @Override
    public long chain(int capacity, int channels, int elements) throws InterruptedException {
        int injected = Checksums.share(elements, channels);
        Pipe[] pipes = new Pipe[channels];
        for (int c = 0; c < channels; c++) {
            pipes[c] = open.apply(capacity);
        }
        Workers workers = new Workers(threads.get());
        workers.start(() -> send(pipes[0], injected));
        for (int c = 1; c < channels; c++) {
            Pipe from = pipes[c - 1];
            Pipe to = pipes[c];
            workers.start(() -> forward(from, to, injected));
        }
        workers.start(() -> receive(pipes[channels - 1], injected));
        return workers.joinAll();
    }

    @Override
    public long parallel(int capacity, int pairs, int elements) throws InterruptedException {
        int perPair = Checksums.share(elements, pairs);
        Workers workers = new Workers(threads.get());
        for (int p = 0; p < pairs; p++) {
            Pipe pipe = open.apply(capacity);
            workers.start(() -> send(pipe, perPair));
            workers.start(() -> receive(pipe, perPair));
        }
        return workers.joinAll();
    }

    private static long send(Pipe pipe, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            pipe.send(Checksums.value(i));
        }
        pipe.flush();
        return 0;
    }

    private static long receive(Pipe pipe, int count) throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += pipe.receive();
        }
        return sum;
    }

    private static long forward(Pipe from, Pipe to, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            to.send(from.receive());
        }
        to.flush();
        return 0;
    }
}
