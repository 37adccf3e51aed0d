package dev.loomchan.benchmarks.peers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The physical floor of a hand-off on this machine: one sender and one receiver spinning on a single volatile field.
 * The sender waits for the slot to be empty and writes the element; the receiver waits for it to be full, reads it and
 * empties it. Each element costs the cache line travelling to the receiver and back, and nothing else. Only for one
 * sender and one receiver, on platform threads.
 */
final class SpinSlotPipe implements Pipe {
    private static final VarHandle SLOT;

    @SuppressWarnings("unused") // accessed through SLOT
    private volatile Integer slot;

    @Override
    public void send(Integer element) throws InterruptedException {
        if (SLOT.getAcquire(this) != null) {
            SpinWait wait = new SpinWait();
            do {
                wait.miss();
            } while (SLOT.getAcquire(this) != null);
        }
        SLOT.setRelease(this, element);
    }

    @Override
    public Integer receive() throws InterruptedException {
        Integer element = (Integer) SLOT.getAcquire(this);
        if (element == null) {
            SpinWait wait = new SpinWait();
            do {
                wait.miss();
                element = (Integer) SLOT.getAcquire(this);
            } while (element == null);
        }
        SLOT.setRelease(this, null);
        return element;
    }

    static {
        try {
            SLOT = MethodHandles.lookup().findVarHandle(SpinSlotPipe.class, "slot", Integer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
