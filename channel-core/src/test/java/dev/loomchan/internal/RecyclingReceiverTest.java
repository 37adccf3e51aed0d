package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A receive loop on one reused waiter. The risky moment is a close racing with senders that arrive after it: a cell
 * can keep showing a claimed waiter to the close sweep, which must never claim the waiter's next wait. The stress
 * test below closes channels under late senders again and again and checks that every element is received or
 * refused exactly once and that the loop ends.
 */
@Timeout(60)
class RecyclingReceiverTest {

    @Test
    void receivesLikeReceive() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 1_000; i++) {
                    ch.send(i);
                }
                ch.close();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        RecyclingReceiver receiver = new RecyclingReceiver();
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, receiver.receive(ch));
        }
        assertThrows(ClosedReceiveChannelException.class, () -> receiver.receive(ch));
        sender.join();
    }

    @Test
    void belongsToOneThread() throws Exception {
        RecyclingReceiver receiver = new RecyclingReceiver();
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> other.set(
                assertThrows(IllegalStateException.class, () -> receiver.receive(Channel.rendezvous()))));
        t.join();
        assertNotNull(other.get());
    }

    @Test
    void anInterruptedReceiveTakesNothingAndTheNextOneWorks() throws Exception {
        Channel<String> ch = Channel.rendezvous();
        RecyclingReceiver receiver = new RecyclingReceiver();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> receiver.receive(ch));
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                ch.send("after");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("after", receiver.receive(ch));
        sender.join();
    }

    @Test
    void closeWakesTheWaitingLoop() throws Exception {
        Channel<String> ch = Channel.rendezvous();
        AtomicReference<Throwable> end = new AtomicReference<>();
        Thread loop = Thread.ofVirtual().start(() -> {
            RecyclingReceiver receiver = new RecyclingReceiver();
            try {
                receiver.receive(ch);
            } catch (Throwable t) {
                end.set(t);
            }
        });
        HandOffWaiterTest.awaitParked(loop);
        ch.close();
        loop.join();
        assertInstanceOf(ClosedReceiveChannelException.class, end.get());
    }

    @RepeatedTest(150)
    void closingUnderLateSendersLosesAndDuplicatesNothing() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        int senders = 4;
        int perSender = 200;
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        Set<Integer> refused = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        Thread loop = Thread.ofVirtual().start(() -> {
            RecyclingReceiver receiver = new RecyclingReceiver();
            try {
                for (;;) {
                    Integer e = receiver.receive(ch);
                    if (!received.add(e)) {
                        failure.compareAndSet(null, new AssertionError("received twice: " + e));
                    }
                }
            } catch (ClosedReceiveChannelException closed) {
                // the end
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int base = s * perSender;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perSender; i++) {
                        try {
                            ch.send(base + i);
                        } catch (ClosedSendChannelException closed) {
                            refused.add(base + i);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        go.countDown();
        int pause = ThreadLocalRandom.current().nextInt(200);
        for (int i = 0; i < pause; i++) {
            Thread.yield();
        }
        ch.close();
        for (Thread t : threads) {
            t.join();
        }
        loop.join(10_000);
        assertFalse(loop.isAlive(), "the receive loop ended after the close: " + ch.debugString());
        assertNull(failure.get());
        assertEquals(senders * perSender, received.size() + refused.size(), "every element received or refused");
        for (Integer e : refused) {
            assertFalse(received.contains(e), "refused and received: " + e);
        }
    }
}
