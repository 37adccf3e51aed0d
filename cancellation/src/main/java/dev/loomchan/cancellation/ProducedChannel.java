package dev.loomchan.cancellation;

import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.ReceiveChannel;
import dev.loomchan.SelectClause;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Function;

/**
 * The channel {@link Scope#produce} returns: the producer's channel seen from the receiving side, whose
 * {@link #cancel(Throwable)} also cancels the producer. The channel is cancelled first, so that its cause is the one
 * the consumers see, whatever the interrupted producer does next; the {@code CancellationException} a pending send
 * then throws counts as the producer's cancellation, not as a failure.
 */
final class ProducedChannel<E> implements ReceiveChannel<E> {

    private final ReceiveChannel<E> channel;
    private final Fork<?> producer;

    ProducedChannel(ReceiveChannel<E> channel, Fork<?> producer) {
        this.channel = channel;
        this.producer = producer;
    }

    @Override
    public void cancel(Throwable cause) {
        channel.cancel(cause);
        producer.cancel();
    }

    @Override
    public E receive() throws InterruptedException {
        return channel.receive();
    }

    @Override
    public E receive(Duration timeout) throws InterruptedException {
        return channel.receive(timeout);
    }

    @Override
    public ChannelResult<E> receiveCatching() throws InterruptedException {
        return channel.receiveCatching();
    }

    @Override
    public ChannelResult<E> tryReceive() {
        return channel.tryReceive();
    }

    @Override
    public int drainTo(Collection<? super E> sink, int maxElements) {
        return channel.drainTo(sink, maxElements);
    }

    @Override
    public int receiveMany(Collection<? super E> sink, int maxElements) throws InterruptedException {
        return channel.receiveMany(sink, maxElements);
    }

    @Override
    public boolean isClosedForReceive() {
        return channel.isClosedForReceive();
    }

    @Override
    public boolean isEmpty() {
        return channel.isEmpty();
    }

    @Override
    public ChannelIterator<E> iterator() {
        return channel.iterator();
    }

    @Override
    public <R> SelectClause<R> onReceive(Function<? super E, ? extends R> block) {
        return channel.onReceive(block);
    }

    @Override
    public <R> SelectClause<R> onReceiveCatching(Function<? super ChannelResult<E>, ? extends R> block) {
        return channel.onReceiveCatching(block);
    }

    @Override
    public String toString() {
        return "produce(" + channel + ")";
    }
}
