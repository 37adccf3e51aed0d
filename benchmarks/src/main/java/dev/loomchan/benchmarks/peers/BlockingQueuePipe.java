package dev.loomchan.benchmarks.peers;

import java.util.concurrent.BlockingQueue;

/** A {@link BlockingQueue} of java.util.concurrent: {@code put} and {@code take}, which park. */
final class BlockingQueuePipe implements Pipe {
    private final BlockingQueue<Integer> queue;

    BlockingQueuePipe(BlockingQueue<Integer> queue) {
        this.queue = queue;
    }

    @Override
    public void send(Integer element) throws InterruptedException {
        queue.put(element);
    }

    @Override
    public Integer receive() throws InterruptedException {
        return queue.take();
    }
}
