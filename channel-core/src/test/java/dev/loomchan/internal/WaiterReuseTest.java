package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.reliability.Threads;
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
 * A thread parks on the same waiter again and again ({@link Waiter#obtain()}): no waiter per blocked operation, and no
 * stale cell may ever claim a reused waiter. The risky moment is a close racing with senders that arrive after it: a
 * cell can keep showing a claimed receiver's waiter to the close sweep. The stress test closes channels under late
 * senders again and again and checks that every element is received or refused exactly once and that the loop ends.
 */
@Timeout(60)
class WaiterReuseTest {

    @Test
    void aThreadParksOnTheSameWaiterEveryTime() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        java.util.Set<Waiter> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    assertEquals(i, ch.receive());
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        for (int i = 0; i < 200; i++) {
            Threads.awaitBlocked(receiver); // the receiver waits in its cell: its waiter is there
            seen.addAll(waitersIn((BufferedChannel<?>) ch));
            ch.send(i);
        }
        receiver.join();
        assertEquals(1, seen.size(), "one waiter for 200 waits: " + seen);
    }

    @Test
    void aCancelledWaiterIsNeverReused() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        AtomicReference<Waiter> afterTimeOut = new AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                assertNull(ch.receive(java.time.Duration.ofMillis(300)));
                afterTimeOut.set(Waiter.obtain());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Threads.awaitBlocked(receiver);
        java.util.Set<Waiter> parkedOn = waitersIn((BufferedChannel<?>) ch);
        receiver.join();
        assertEquals(1, parkedOn.size());
        assertNotSame(parkedOn.iterator().next(), afterTimeOut.get(), "the timed-out waiter was reused");
    }

    /** The waiters published in the channel's cells now. */
    static java.util.Set<Waiter> waitersIn(BufferedChannel<?> ch) {
        java.util.Set<Waiter> found = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ChannelSegment seg = ch.lvReceiveSegment(); seg != null; seg = seg.next()) {
            for (int i = 0; i < BufferedChannel.SEGMENT_SIZE; i++) {
                Object state = seg.getState(i);
                if (state instanceof WaiterEB eb) {
                    state = eb.waiter;
                }
                if (state instanceof Waiter w) {
                    found.add(w);
                }
            }
        }
        return found;
    }
    @Test
    void aReceiveLoopGetsEveryElementInOrder() throws Exception {
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
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, ch.receive());
        }
        assertThrows(ClosedReceiveChannelException.class, ch::receive);
        sender.join();
    }

    @Test
    void anInterruptedReceiveTakesNothingAndTheNextOneWorks() throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, ch::receive);
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                ch.send("after");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("after", ch.receive());
        sender.join();
    }

    @Test
    void closeWakesTheWaitingLoop() throws Exception {
        Channel<String> ch = Channel.rendezvous();
        AtomicReference<Throwable> end = new AtomicReference<>();
        Thread loop = Thread.ofVirtual().start(() -> {
            try {
                ch.receive();
            } catch (Throwable t) {
                end.set(t);
            }
        });
        Threads.awaitBlocked(loop);
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
            try {
                for (;;) {
                    Integer e = ch.receive();
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
