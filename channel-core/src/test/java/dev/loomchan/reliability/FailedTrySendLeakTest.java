package dev.loomchan.reliability;

import dev.loomchan.Channel;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@code trySend} that fails leaves its element with the caller (SendChannel#trySend: "On failure or closed the
 * element stays the caller's"), so the channel must not keep a reference to it.
 *
 * <p>The race: trySend sees room ({@code shouldSendSuspend} is false), takes a cell, and then finds that the cell is
 * outside the buffer after all (the other sender took the room), so it marks the cell {@code INTERRUPTED_SEND} and
 * returns failure ({@code BufferedChannel.onSendSuspend}). {@code updateCellSend} had already stored the element in
 * the cell; the engine must clear it there, or the failed element stays referenced by the channel until its segment
 * is unlinked: for ever, if the channel goes quiet. Short rounds make the last segment hold such cells often (before
 * the fix, about one round in ten on a 2-core machine).
 */
class FailedTrySendLeakTest {
    private static final int ROUNDS = 300;
    private static final int PER_SENDER = 300;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void failedTrySendsAreNotRetained(ThreadKind threads) throws Exception {
        int leakyRounds = 0;
        int leaked = 0;
        String example = null;
        for (int round = 0; round < ROUNDS; round++) {
            Channel<Object> ch = Channel.create(round % 2); // rendezvous and buffered(1)
            ConcurrentLinkedQueue<Object> failed = new ConcurrentLinkedQueue<>();
            AtomicLong sent = new AtomicLong();
            AtomicLong received = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            CyclicBarrier start = new CyclicBarrier(3);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                senders.add(Threads.start(threads, "try-sender-" + t, () -> {
                    start.await();
                    for (int i = 0; i < PER_SENDER; i++) {
                        Object e = new Object();
                        if (ch.trySend(e).isSuccess()) {
                            sent.incrementAndGet();
                        } else {
                            failed.add(e);
                        }
                    }
                }));
            }
            Thread receiver = Threads.start(threads, "receiver", () -> {
                start.await();
                while (!done.get()) {
                    if (ch.receive(Duration.ofNanos(100)) != null) {
                        received.incrementAndGet();
                    }
                }
            });
            Threads.joinAll(senders);
            done.set(true);
            Threads.join(receiver);
            while (ch.tryReceive().isSuccess()) {
                received.incrementAndGet();
            }
            assertEquals(sent.get(), received.get(), "every successful trySend is received");
            List<Object> held = Leaks.elementsHeldBy(ch, new ArrayList<>(failed));
            if (!held.isEmpty()) {
                leakyRounds++;
                leaked += held.size();
                if (example == null) {
                    example = ch.debugString();
                }
            }
        }
        assertEquals(0, leakyRounds, leaked + " elements of failed trySends still referenced by the channel, in "
                + leakyRounds + " of " + ROUNDS + " rounds; for example:\n" + example);
    }
}
