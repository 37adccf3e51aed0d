package dev.loomchan.benchmarks.peers;

import dev.loomchan.Channel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * loomchan with a monitor attached: while a transfer runs, a platform thread reads the channel's
 * {@link Channel#statistics()} every millisecond, as a metrics scrape or a dashboard would (far more often). Compared
 * with plain loomchan it shows what reading the statistics costs the senders and receivers: the statistics are
 * derived from counters the operations keep anyway, so it should cost nothing beyond the reader's share of the CPU.
 */
final class StatisticsReadingPeer implements Peer {
    private static final long READ_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @Override
    public long transfer(int capacity, int senders, int receivers, int elements) throws InterruptedException {
        Channel<Integer> channel = Channel.create(capacity);
        Reader reader = new Reader(channel);
        Thread thread = Thread.ofPlatform().daemon().name("statistics-reader").start(reader);
        try {
            return new ThreadedPeer(c -> Pipes.loomchan(channel), Thread::ofVirtual)
                    .transfer(capacity, senders, receivers, elements);
        } finally {
            reader.stop = true;
            thread.join();
        }
    }

    @Override
    public long chain(int capacity, int channels, int elements) {
        throw new UnsupportedOperationException("the statistics comparison runs one channel only");
    }

    @Override
    public long parallel(int capacity, int pairs, int elements) {
        throw new UnsupportedOperationException("the statistics comparison runs one channel only");
    }

    /** Reads the statistics every millisecond until stopped; keeps what it read so the JIT cannot drop the reads. */
    private static final class Reader implements Runnable {
        private final Channel<Integer> channel;
        volatile boolean stop;
        volatile long checksum;

        Reader(Channel<Integer> channel) {
            this.channel = channel;
        }

        @Override
        public void run() {
            long sum = 0;
            do {
                sum += channel.statistics().sent();
                LockSupport.parkNanos(READ_INTERVAL_NANOS);
            } while (!stop);
            checksum = sum;
        }
    }
}
