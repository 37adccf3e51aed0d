package dev.loomchan;

/**
 * The tracer every named channel is built with: it reports each event to the channel's own tracer, if any, and then to
 * each tracer installed with {@link ChannelRegistry#trace}. Each call is guarded on its own, so a throwing tracer
 * neither hides the event from the others nor reaches the channel's caller: the exception goes to the current thread's
 * uncaught-exception handler, as for a single tracer.
 *
 * <p>The registry's tracers are read as one array per event (no lock, no allocation). The channel's engine deduplicates the cancel event before calling here, so each of the tracers hears it once.
 */
final class RegistryTracer implements ChannelTracer {
    private final ChannelTracer own;

    RegistryTracer(ChannelTracer own) {
        this.own = own;
    }

    @Override
    public void onClosed(Channel<?> channel, Throwable cause) {
        if (own != null) {
            try {
                own.onClosed(channel, cause);
            } catch (Throwable t) {
                report(t);
            }
        }
        for (ChannelTracer t : ChannelRegistry.installedTracers()) {
            try {
                t.onClosed(channel, cause);
            } catch (Throwable e) {
                report(e);
            }
        }
    }

    @Override
    public void onCancelled(Channel<?> channel, Throwable cause) {
        if (own != null) {
            try {
                own.onCancelled(channel, cause);
            } catch (Throwable t) {
                report(t);
            }
        }
        for (ChannelTracer t : ChannelRegistry.installedTracers()) {
            try {
                t.onCancelled(channel, cause);
            } catch (Throwable e) {
                report(e);
            }
        }
    }

    @Override
    public void onUndelivered(Channel<?> channel, Object element) {
        if (own != null) {
            try {
                own.onUndelivered(channel, element);
            } catch (Throwable t) {
                report(t);
            }
        }
        for (ChannelTracer t : ChannelRegistry.installedTracers()) {
            try {
                t.onUndelivered(channel, element);
            } catch (Throwable e) {
                report(e);
            }
        }
    }

    @Override
    public void onDropped(Channel<?> channel, Object element) {
        if (own != null) {
            try {
                own.onDropped(channel, element);
            } catch (Throwable t) {
                report(t);
            }
        }
        for (ChannelTracer t : ChannelRegistry.installedTracers()) {
            try {
                t.onDropped(channel, element);
            } catch (Throwable e) {
                report(e);
            }
        }
    }

    private static void report(Throwable t) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, t);
    }
}
