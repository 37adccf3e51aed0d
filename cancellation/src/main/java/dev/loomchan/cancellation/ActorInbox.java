package dev.loomchan.cancellation;

import dev.loomchan.ChannelResult;
import dev.loomchan.SelectClause;
import dev.loomchan.SendChannel;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The channel {@link Scope#actor} returns: the sending side of the actor's inbox and nothing more, so that only the
 * actor receives from it.
 */
final class ActorInbox<E> implements SendChannel<E> {

    private final SendChannel<E> inbox;

    ActorInbox(SendChannel<E> inbox) {
        this.inbox = inbox;
    }

    @Override
    public void send(E element) throws InterruptedException {
        inbox.send(element);
    }

    @Override
    public boolean send(E element, Duration timeout) throws InterruptedException {
        return inbox.send(element, timeout);
    }

    @Override
    public ChannelResult<Void> trySend(E element) {
        return inbox.trySend(element);
    }

    @Override
    public int trySendAll(List<? extends E> elements) {
        return inbox.trySendAll(elements);
    }

    @Override
    public void sendAll(List<? extends E> elements) throws InterruptedException {
        inbox.sendAll(elements);
    }

    @Override
    public boolean close(Throwable cause) {
        return inbox.close(cause);
    }

    @Override
    public boolean isClosedForSend() {
        return inbox.isClosedForSend();
    }

    @Override
    public void invokeOnClose(Consumer<? super Throwable> handler) {
        inbox.invokeOnClose(handler);
    }

    @Override
    public <R> SelectClause<R> onSend(E element, Supplier<? extends R> block) {
        return inbox.onSend(element, block);
    }

    @Override
    public String toString() {
        return "actor(" + inbox + ")";
    }
}
