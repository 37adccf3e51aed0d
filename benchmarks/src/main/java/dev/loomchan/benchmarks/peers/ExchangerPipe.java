package dev.loomchan.benchmarks.peers;

import java.util.concurrent.Exchanger;

/**
 * {@link Exchanger} as a rendezvous between one sender and one receiver: the sender offers its element, the receiver
 * offers {@code null} and gets the element. Only meaningful with exactly one thread on each side.
 */
final class ExchangerPipe implements Pipe {
    private final Exchanger<Integer> exchanger = new Exchanger<>();

    @Override
    public void send(Integer element) throws InterruptedException {
        exchanger.exchange(element);
    }

    @Override
    public Integer receive() throws InterruptedException {
        return exchanger.exchange(null);
    }
}
