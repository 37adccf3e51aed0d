package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelTracer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A channel's installed {@link ChannelTracer}, with what it takes to report each event once and to keep a throwing
 * tracer away from the engine. A channel without a tracer holds no hook, so its slow paths test one final field.
 */
final class TraceHook {
    private final ChannelTracer tracer;
    /** Set by the first cancel reported: a channel can be cancelled several times, the event happens once. */
    private final AtomicBoolean cancelReported = new AtomicBoolean();

    TraceHook(ChannelTracer tracer) {
        this.tracer = tracer;
    }

    static TraceHook of(ChannelTracer tracer) {
        return tracer == null ? null : new TraceHook(tracer);
    }

    void closed(Channel<?> channel, Throwable cause) {
        try {
            tracer.onClosed(channel, cause);
        } catch (Throwable t) {
            report(t);
        }
    }

    void cancelled(Channel<?> channel, Throwable cause) {
        if (!cancelReported.compareAndSet(false, true)) {
            return;
        }
        try {
            tracer.onCancelled(channel, cause);
        } catch (Throwable t) {
            report(t);
        }
    }

    void undelivered(Channel<?> channel, Object element, boolean dropped) {
        try {
            if (dropped) {
                tracer.onDropped(channel, element);
            } else {
                tracer.onUndelivered(channel, element);
            }
        } catch (Throwable t) {
            report(t);
        }
    }

    private static void report(Throwable t) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, t);
    }
}
