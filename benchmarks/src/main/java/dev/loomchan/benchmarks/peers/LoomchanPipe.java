package dev.loomchan.benchmarks.peers;

import dev.loomchan.Channel;

/** loomchan's {@link Channel}: {@code send} and {@code receive}, which park the calling thread. */
final class LoomchanPipe implements Pipe {
    private final Channel<Integer> channel;

    LoomchanPipe(Channel<Integer> channel) {
        this.channel = channel;
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
