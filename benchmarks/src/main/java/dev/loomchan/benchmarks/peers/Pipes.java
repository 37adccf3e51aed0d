package dev.loomchan.benchmarks.peers;

import dev.loomchan.Channel;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.SpscArrayQueue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Exchanger;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Opens a fresh {@link Pipe} of a {@link Capacities capacity} for each Java peer, and refuses a capacity the peer
 * cannot honour (a {@code SynchronousQueue} has no buffer, an {@code ArrayBlockingQueue} no unbounded mode) rather
 * than silently measure something else.
 */
public final class Pipes {
    /** Elements per run of the batch pipes. */
    public static final int BATCH_RUN = BatchPipe.RUN;

    private Pipes() {
    }

    /** loomchan's {@code Channel.create(capacity)}: {@code send} and {@code receive}, which park. */
    public static Pipe loomchan(int capacity) {
        return loomchan(Channel.create(capacity));
    }

    /** loomchan's {@code Channel.create(capacity)} driven in runs: {@code sendAll} and {@code receiveMany}. */
    public static Pipe loomchanBatches(int capacity) {
        return new BatchPipe(Channel.create(capacity));
    }

    static Pipe loomchan(Channel<Integer> channel) {
        return new CallPipe(channel::send, channel::receive);
    }

    /** jox's rendezvous, buffered or unlimited channel: {@code send} and {@code receive}, which park. */
    public static Pipe jox(int capacity) {
        return jox(switch (capacity) {
            case Capacities.RENDEZVOUS -> com.softwaremill.jox.Channel.<Integer>newRendezvousChannel();
            case Capacities.UNLIMITED -> com.softwaremill.jox.Channel.<Integer>newUnlimitedChannel();
            default -> com.softwaremill.jox.Channel.<Integer>newBufferedChannel(capacity);
        });
    }

    static Pipe jox(com.softwaremill.jox.Channel<Integer> channel) {
        return new CallPipe(channel::send, channel::receive);
    }

    /** {@link SynchronousQueue}, {@code put} and {@code take}: rendezvous only. */
    public static Pipe synchronousQueue(int capacity) {
        require(capacity == Capacities.RENDEZVOUS, "SynchronousQueue", capacity);
        return putAndTake(new SynchronousQueue<>());
    }

    /**
     * {@link LinkedTransferQueue}: {@code transfer} (which waits until a receiver has the element) and {@code take} as
     * a rendezvous, or {@code put} and {@code take} as an unbounded queue.
     */
    public static Pipe linkedTransferQueue(int capacity) {
        require(capacity == Capacities.RENDEZVOUS || capacity == Capacities.UNLIMITED, "LinkedTransferQueue", capacity);
        LinkedTransferQueue<Integer> queue = new LinkedTransferQueue<>();
        return capacity == Capacities.RENDEZVOUS ? new CallPipe(queue::transfer, queue::take) : putAndTake(queue);
    }

    /**
     * {@link Exchanger} as a rendezvous: the sender offers its element, the receiver offers {@code null} and gets it.
     * Only for one sender and one receiver (two senders could exchange with each other).
     */
    public static Pipe exchanger(int capacity) {
        require(capacity == Capacities.RENDEZVOUS, "Exchanger", capacity);
        Exchanger<Integer> exchanger = new Exchanger<>();
        return new CallPipe(exchanger::exchange, () -> exchanger.exchange(null));
    }

    /** {@link ArrayBlockingQueue}, {@code put} and {@code take}: bounded buffers only. */
    public static Pipe arrayBlockingQueue(int capacity) {
        requireBounded(capacity, "ArrayBlockingQueue");
        return putAndTake(new ArrayBlockingQueue<>(capacity));
    }

    /** {@link LinkedBlockingQueue}, {@code put} and {@code take}: bounded, or unbounded for {@code UNLIMITED}. */
    public static Pipe linkedBlockingQueue(int capacity) {
        require(capacity > 0, "LinkedBlockingQueue", capacity);
        return putAndTake(new LinkedBlockingQueue<>(capacity));
    }

    /** The JDK's queue for a capacity: {@link SynchronousQueue} for rendezvous, else {@link ArrayBlockingQueue}. */
    public static Pipe jdkQueue(int capacity) {
        return capacity == Capacities.RENDEZVOUS ? synchronousQueue(capacity) : arrayBlockingQueue(capacity);
    }

    /** JCTools {@link SpscArrayQueue} (capacity rounded up to a power of two), spinning; one sender, one receiver. */
    public static Pipe jctoolsSpsc(int capacity) {
        requireBounded(capacity, "SpscArrayQueue");
        return new SpinningQueuePipe(new SpscArrayQueue<>(capacity));
    }

    /** JCTools {@link MpmcArrayQueue} (capacity rounded up to a power of two, at least 2), spinning. */
    public static Pipe jctoolsMpmc(int capacity) {
        requireBounded(capacity, "MpmcArrayQueue");
        return new SpinningQueuePipe(new MpmcArrayQueue<>(Math.max(2, capacity)));
    }

    /** Agrona {@link ManyToManyConcurrentArrayQueue} (capacity rounded up to a power of two), spinning. */
    public static Pipe agronaMpmc(int capacity) {
        requireBounded(capacity, "ManyToManyConcurrentArrayQueue");
        return new SpinningQueuePipe(new ManyToManyConcurrentArrayQueue<>(capacity));
    }

    /** The single-slot park/unpark hand-off; only as a rendezvous-shaped floor. */
    public static Pipe parkingHandOff(int capacity) {
        require(capacity == Capacities.RENDEZVOUS, "the park/unpark hand-off", capacity);
        return new ParkingSlotPipe();
    }

    /** The single-slot spin hand-off; only as a rendezvous-shaped floor. */
    public static Pipe spinHandOff(int capacity) {
        require(capacity == Capacities.RENDEZVOUS, "the spin hand-off", capacity);
        return new SpinSlotPipe();
    }

    private static Pipe putAndTake(BlockingQueue<Integer> queue) {
        return new CallPipe(queue::put, queue::take);
    }

    private static void requireBounded(int capacity, String what) {
        require(capacity > 0 && capacity != Capacities.UNLIMITED, what, capacity);
    }

    private static void require(boolean supported, String what, int capacity) {
        if (!supported) {
            throw new IllegalArgumentException(
                    what + " cannot be a channel of capacity " + Capacities.describe(capacity));
        }
    }
}
