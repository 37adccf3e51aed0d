package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Naps and put-off wake-ups ({@link Waiter#NAP_NANOS}, {@link DeferredWake}): a virtual thread waiting on a buffered
 * channel naps, a virtual-thread resumer claims it without unparking it, and the wake-up comes at the resumer's next
 * wait or at the end of the nap, whichever is first; never later, and never lost.
 *
 * <p>A nap lasts one to two ticks of the {@link NapWatch} (100 µs each), so a test that wants the resumer to find the
 * waiter napping sends as soon as the receiver is seen parked, and tries again when the nap ran out first (the
 * receiver is then PARKED and is unparked at once, which the test also accepts); it asserts that the nap path was
 * taken at least once in its attempts.
 */
@Timeout(60)
class DeferredWakeTest {
    private static final int ATTEMPTS = 200;
    private static final int VALUE = 42;

    @BeforeAll
    static void napsNeedTheProbe() {
        assumeTrue(SchedulerProbe.available(), "virtual threads nap only where the JDK tells the scheduler's queue");
        assumeTrue(Waiter.NAP_NANOS > 0, "naps are turned off");
    }

    @Test
    void aResumerPutsTheWakeUpOffUntilItWaitsItself() throws Exception {
        int deferred = 0;
        for (int attempt = 0; attempt < ATTEMPTS && deferred < 5; attempt++) {
            Channel<Integer> channel = Channel.buffered(4);
            Channel<Integer> elsewhere = Channel.buffered(4);
            CompletableFuture<Integer> received = new CompletableFuture<>();
            Thread receiver = Thread.ofVirtual().start(() -> receiveInto(channel, received));
            Threads.awaitParked(receiver);
            AtomicReference<Thread> pendingAfterSend = new AtomicReference<>();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    channel.send(VALUE);
                    pendingAfterSend.set(DeferredWake.pendingForCurrentThread());
                    elsewhere.receive(); // a wait: must unpark the receiver first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(VALUE, received.get(10, TimeUnit.SECONDS));
            Threads.awaitParked(sender);
            elsewhere.send(0);
            sender.join();
            receiver.join();
            Thread pending = pendingAfterSend.get();
            if (pending != null) {
                assertSame(receiver, pending, "the put-off wake-up is the receiver's");
                deferred++;
            }
        }
        assertTrue(deferred > 0, "no send found its receiver napping in " + ATTEMPTS + " attempts");
    }

    @Test
    void aPutOffWakeUpComesAtTheEndOfTheNapIfTheResumerNeverWaits() throws Exception {
        int deferred = 0;
        for (int attempt = 0; attempt < ATTEMPTS && deferred < 3; attempt++) {
            Channel<Integer> channel = Channel.buffered(4);
            CompletableFuture<Integer> received = new CompletableFuture<>();
            Thread receiver = Thread.ofVirtual().start(() -> receiveInto(channel, received));
            Threads.awaitParked(receiver);
            AtomicBoolean putOff = new AtomicBoolean();
            AtomicBoolean sawTheReceiverDone = new AtomicBoolean();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    channel.send(VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                putOff.set(DeferredWake.pendingForCurrentThread() != null);
                // Busy, never waiting: only the receiver's own nap can end its wait.
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!received.isDone() && System.nanoTime() - giveUp < 0) {
                    Thread.onSpinWait();
                }
                sawTheReceiverDone.set(received.isDone());
            });
            sender.join();
            receiver.join();
            assertTrue(sawTheReceiverDone.get(), "the receiver was still waiting after 10 s of a busy sender");
            assertEquals(VALUE, received.get());
            if (putOff.get()) {
                deferred++;
            }
        }
        assertTrue(deferred > 0, "no send found its receiver napping in " + ATTEMPTS + " attempts");
    }

    @Test
    void aWaiterWhoseNapRanOutIsUnparkedAtOnce() throws Exception {
        Channel<Integer> channel = Channel.buffered(4);
        CompletableFuture<Integer> received = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> receiveInto(channel, received));
        Threads.awaitParked(receiver);
        Threads.awaitUntil("the receiver parks for good after its nap",
                () -> NapWatch.instance().waiterOf(receiver) == null && receiver.getState() == Thread.State.WAITING);
        AtomicReference<Thread> pendingAfterSend = new AtomicReference<>(Thread.currentThread());
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                channel.send(7);
                pendingAfterSend.set(DeferredWake.pendingForCurrentThread());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.join();
        assertNull(pendingAfterSend.get(), "a PARKED waiter's wake-up is never put off");
        assertEquals(7, received.get(10, TimeUnit.SECONDS));
        receiver.join();
    }

    @Test
    void aPlatformThreadNeverPutsAWakeUpOff() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            Channel<Integer> channel = Channel.buffered(4);
            CompletableFuture<Integer> received = new CompletableFuture<>();
            Thread receiver = Thread.ofVirtual().start(() -> receiveInto(channel, received));
            Threads.awaitParked(receiver);
            channel.send(VALUE); // this test's platform thread
            assertNull(DeferredWake.pendingForCurrentThread());
            assertEquals(VALUE, received.get(10, TimeUnit.SECONDS));
            receiver.join();
        }
    }

    @Test
    void anInterruptDuringANapCancelsTheReceiveAndLosesNothing() throws Exception {
        AtomicInteger interruptedInANap = new AtomicInteger();
        for (int attempt = 0; attempt < ATTEMPTS && interruptedInANap.get() < 5; attempt++) {
            Channel<Integer> channel = Channel.buffered(4);
            CompletableFuture<Integer> received = new CompletableFuture<>();
            Thread receiver = Thread.ofVirtual().start(() -> receiveInto(channel, received));
            Threads.awaitParked(receiver);
            boolean napping = NapWatch.instance().waiterOf(receiver) != null;
            receiver.interrupt();
            receiver.join();
            Throwable failure = received.handle((value, error) -> error).get();
            assertInstanceOf(InterruptedException.class, failure);
            if (napping) {
                interruptedInANap.incrementAndGet();
            }
            // The channel is consistent: the cancelled cell is skipped, and an element sent now is received.
            channel.send(11);
            assertEquals(11, channel.tryReceive().getOrNull());
        }
        assertTrue(interruptedInANap.get() > 0, "no interrupt reached a napping receiver in " + ATTEMPTS + " attempts");
    }

    @Test
    void aTimedReceiveShorterThanANapTimesOut() throws Exception {
        Channel<Integer> channel = Channel.buffered(4);
        CompletableFuture<Integer> received = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                received.complete(channel.receive(Duration.ofNanos(Waiter.NAP_NANOS / 4)));
            } catch (Throwable t) {
                received.completeExceptionally(t);
            }
        });
        receiver.join();
        assertNull(received.get(), "timed out: no element");
        channel.send(3);
        assertEquals(3, channel.tryReceive().getOrNull(), "the timed-out receive left nothing behind");
    }

    private static void receiveInto(Channel<Integer> channel, CompletableFuture<Integer> received) {
        try {
            received.complete(channel.receive());
        } catch (Throwable t) {
            received.completeExceptionally(t);
        }
    }
}
