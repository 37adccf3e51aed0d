package dev.loomchan.benchmarks.peers;

import java.util.Queue;

/**
 * A non-blocking bounded queue (JCTools {@code SpscArrayQueue}/{@code MpmcArrayQueue}, Agrona
 * {@code ManyToManyConcurrentArrayQueue}) driven by busy-spinning: {@code offer} until it succeeds, {@code poll} until
 * it returns an element. Both libraries implement {@link Queue}, whose {@code offer}/{@code poll} are their public
 * non-blocking API. The ceiling for a hand-off that never parks.
 */
final class SpinningQueuePipe implements Pipe {
    private final Queue<Integer> queue;

    SpinningQueuePipe(Queue<Integer> queue) {
        this.queue = queue;
    }

    @Override
    public void send(Integer element) throws InterruptedException {
        if (!queue.offer(element)) {
            SpinWait wait = new SpinWait();
            do {
                wait.miss();
            } while (!queue.offer(element));
        }
    }

    @Override
    public Integer receive() throws InterruptedException {
        Integer element = queue.poll();
        if (element == null) {
            SpinWait wait = new SpinWait();
            do {
                wait.miss();
                element = queue.poll();
            } while (element == null);
        }
        return element;
    }
}
