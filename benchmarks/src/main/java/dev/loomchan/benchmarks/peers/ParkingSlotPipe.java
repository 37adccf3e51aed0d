package dev.loomchan.benchmarks.peers;

import java.util.concurrent.locks.LockSupport;

/**
 * The floor of a hand-off whose waiters park: a single slot between one sender and one receiver, where a side that
 * cannot go on parks and the other side unparks it after every step. No queue, no cells, no CAS: only what any parking
 * channel must pay at least, the park/unpark of virtual threads. Only for one sender and one receiver.
 *
 * <p>A side publishes itself (a volatile write) before it checks the slot, and the other side reads that field after
 * its own volatile write to the slot; so at least one of them sees the other, and an unpark can never be lost (a
 * surplus unpark only leaves a permit, which the next park consumes and re-checks).
 */
final class ParkingSlotPipe implements Pipe {
    private volatile Integer slot;
    private volatile Thread sender;
    private volatile Thread receiver;

    @Override
    public void send(Integer element) throws InterruptedException {
        sender = Thread.currentThread();
        while (slot != null) {
            parkChecked();
        }
        slot = element;
        LockSupport.unpark(receiver);
    }

    @Override
    public Integer receive() throws InterruptedException {
        receiver = Thread.currentThread();
        Integer element;
        while ((element = slot) == null) {
            parkChecked();
        }
        slot = null;
        LockSupport.unpark(sender);
        return element;
    }

    private void parkChecked() throws InterruptedException {
        LockSupport.park(this);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
