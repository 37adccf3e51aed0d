package dev.loomchan.benchmarks.peers;

import com.softwaremill.jox.Channel;

/** jox's {@link Channel} (the same algorithm, in Java): {@code send} and {@code receive}, which park. */
final class JoxPipe implements Pipe {
    private final Channel<Integer> channel;

    JoxPipe(Channel<Integer> channel) {
        this.channel = channel;
    }

    /** A jox channel of a {@link Capacities capacity}. */
    static Channel<Integer> open(int capacity) {
        return switch (capacity) {
            case Capacities.RENDEZVOUS -> Channel.newRendezvousChannel();
            case Capacities.UNLIMITED -> Channel.newUnlimitedChannel();
            default -> Channel.newBufferedChannel(capacity);
        };
    }

    @Override
    public void send(Integer element) throws InterruptedException {
        channel.send(element);
    }

    @Override
    public Integer receive() throws InterruptedException {
        return channel.receive();
    }
}
