package dev.loomchan.internal;

import dev.loomchan.BufferOverflow;
import dev.loomchan.ChannelTracer;
import dev.loomchan.ChannelResult;
import dev.loomchan.UndeliveredElementException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A buffered channel whose sends never wait: when the buffer is full, DROP_OLDEST removes the oldest element and
 * DROP_LATEST discards the new one, and the dropped element goes to {@code onUndeliveredElement}. A conflated channel
 * is DROP_OLDEST with a buffer of one. As in Kotlin's {@code ConflatedBufferedChannel}, it reuses the engine: a
 * DROP_LATEST send is a {@code trySend} that counts a failure as a drop; a DROP_OLDEST send buffers its element in its
 * cell even beyond the buffer end, then receives (and drops) from the front until its cell is inside the buffer.
 *
 * <p>Unlike Kotlin, a {@code trySend} that DROP_LATEST discards hands the element to {@code onUndeliveredElement}
 * too: it reported success, so the caller no longer owns the element, and nothing may be lost silently.
 */
final class ConflatedBufferedChannel<E> extends BufferedChannel<E> {
    private final BufferOverflow onBufferOverflow;

    ConflatedBufferedChannel(int capacity, BufferOverflow onBufferOverflow, Consumer<? super E> onUndeliveredElement,
                             String name) {
        this(capacity, onBufferOverflow, onUndeliveredElement, name, null);
    }

    ConflatedBufferedChannel(int capacity, BufferOverflow onBufferOverflow, Consumer<? super E> onUndeliveredElement,
                             String name, ChannelTracer tracer) {
        super(capacity, onUndeliveredElement, name, tracer);
        if (onBufferOverflow == BufferOverflow.SUSPEND) {
            throw new IllegalArgumentException("a conflated channel needs DROP_OLDEST or DROP_LATEST, not SUSPEND");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("a channel with " + onBufferOverflow + " needs capacity >= 1, was " + capacity);
        }
        this.onBufferOverflow = onBufferOverflow;
    }

    @Override
    boolean isConflatedDropOldest() {
        return onBufferOverflow == BufferOverflow.DROP_OLDEST;
    }

    @Override
    public void send(E element) {
        Objects.requireNonNull(element, "element");
        if (trySend(element).isClosed()) {
            throw onClosedSend(element);
        }
    }

    /** Never waits: the same as {@link #send(Object)}, always {@code true} unless the channel is closed. */
    @Override
    public boolean send(E element, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        send(element);
        return true;
    }

    @Override
    public ChannelResult<Void> trySend(E element) {
        Objects.requireNonNull(element, "element");
        if (onBufferOverflow == BufferOverflow.DROP_LATEST) {
            ChannelResult<Void> result = super.trySend(element);
            if (result.isSuccess() || result.isClosed()) {
                return result;
            }
            counters.droppedLatest.increment();
            UndeliveredElementException failure = callUndelivered(element, null, true);
            if (failure != null) {
                throw failure;
            }
            return ChannelResult.success(null);
        }
        Object result = sendImpl(element, CellState.BUFFERED);
        return result == CLOSED ? ChannelResult.closed(closedResultCause()) : ChannelResult.success(null);
    }

    /** Elements one at a time: each {@code trySend} here drops instead of failing, so a run of cells buys nothing. */
    @Override
    public int trySendAll(List<? extends E> elements) {
        requireNoNulls(elements);
        int sent = 0;
        for (int n = elements.size(); sent < n && trySend(elements.get(sent)).isSuccess(); sent++) {
            // each element is buffered, or dropped by the policy, unless the channel is closed
        }
        return sent;
    }

    @Override
    public void sendAll(List<? extends E> elements) {
        requireNoNulls(elements);
        for (int i = 0, n = elements.size(); i < n; i++) {
            try {
                send(elements.get(i));
            } catch (RuntimeException e) {
                handOverRest(elements, i + 1, e);
                throw e;
            }
        }
    }

    /** Sends never wait here: a select's send clause completes at once. */
    @Override
    Object registerSelectSend(E element, SelectRegistration registration) {
        return trySelectSend(element);
    }

    @Override
    Object trySelectSend(E element) {
        return trySend(element).isClosed() ? CLOSED : DONE;
    }

    @Override
    String kind() {
        if (capacity == 1 && onBufferOverflow == BufferOverflow.DROP_OLDEST) {
            return "conflated";
        }
        return "buffered(" + capacity + ", " + onBufferOverflow + ")";
    }
}
