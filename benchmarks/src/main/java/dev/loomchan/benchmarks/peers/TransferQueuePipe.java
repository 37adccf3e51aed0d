package dev.loomchan.benchmarks.peers;

import java.util.concurrent.LinkedTransferQueue;

/**
 * {@link LinkedTransferQueue} as a rendezvous: {@code transfer} waits until a receiver has taken the element, so every
 * send meets a receive, as on a rendezvous channel.
 */
final class TransferQueuePipe implements Pipe {
    private final LinkedTransferQueue<Integer> queue = new LinkedTransferQueue<>();

    @Override
    public void send(Integer element) throws InterruptedException {
        queue.transfer(element);
    }

    @Override
    public Integer receive() throws InterruptedException {
        return queue.take();
    }
}
