package dev.loomchan;

/**
 * The tracer every named channel is built with: it reports each event to the channel's own tracer, if any, and then to
 * each tracer installed with {@link ChannelRegistry#trace}. Each call is guarded on its own, so a throwing tracer
 * neither hides the event from the others nor reaches the channel's caller: the exception goes to the current thread's
 * uncaught-exception handler, as for a single tracer.
 *
 * <p>The registry's tracers are read as one array per event (no lock, no allocation). The channel's engine
 * deduplicates the cancel event before calling here, so each of the tracers hears it once.
 */
final class RegistryTracer implements ChannelTracer {
    private static final int CLOSED = 0, CANCELLED = 1, UNDELIVERED = 2, DROPPED = 3;

    private final ChannelTracer own;

    RegistryTracer(ChannelTracer own) {
        this.own = own;
    }

    @Override
    public void onClosed(Channel<?> channel, Throwable cause) {
        report(CLOSED, channel, cause);
    }

    @Override
    public void onCancelled(Channel<?> channel, Throwable cause) {
        report(CANCELLED, channel, cause);
    }

    @Override
    public void onUndelivered(Channel<?> channel, Object element) {
        report(UNDELIVERED, channel, element);
    }

    @Override
    public void onDropped(Channel<?> channel, Object element) {
        report(DROPPED, channel, element);
    }

    /** Reports one event to the channel's own tracer, then to each installed one. */
    private void report(int event, Channel<?> channel, Object detail) {
        if (own != null) {
            deliver(own, event, channel, detail);
        }
        for (ChannelTracer t : ChannelRegistry.installedTracers()) {
            deliver(t, event, channel, detail);
        }
    }

    private static void deliver(ChannelTracer tracer, int event, Channel<?> channel, Object detail) {
        try {
            switch (event) {
                case CLOSED -> tracer.onClosed(channel, (Throwable) detail);
                case CANCELLED -> tracer.onCancelled(channel, (Throwable) detail);
                case UNDELIVERED -> tracer.onUndelivered(channel, detail);
                default -> tracer.onDropped(channel, detail);
            }
        } catch (Throwable t) {
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, t);
        }
    }
}
