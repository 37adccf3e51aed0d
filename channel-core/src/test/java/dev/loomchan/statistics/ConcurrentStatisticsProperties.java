package dev.loomchan.statistics;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Producers and consumers on real threads, with plain, non-blocking and timed operations (time-outs cancel waiting
 * operations), while a sampler reads {@link Channel#statistics()} without pause: every snapshot must keep its bounds
 * (size within [0, capacity], no negative figure), and once every thread is done the quiescent snapshot must balance
 * exactly against what the threads themselves counted.
 */
class ConcurrentStatisticsProperties {

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void snapshotsStayInBoundsAndTheQuiescentOneBalances(@ForAll ChannelKind kind, @ForAll ThreadKind threads,
                                                         @ForAll @IntRange(min = 1, max = 3) int producers,
                                                         @ForAll @IntRange(min = 1, max = 3) int consumers,
                                                         @ForAll boolean cancelAtEnd) throws Exception {
        AtomicLong undelivered = new AtomicLong();
        Channel<Integer> ch = kind.create(e -> undelivered.incrementAndGet());
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicReference<String> violation = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            workers.add(threads.start("producer", () -> produce(ch, 300, sent)));
        }
        for (int c = 0; c < consumers; c++) {
            workers.add(threads.start("consumer", () -> consume(ch, received)));
        }
        Thread sampler = threads.start("sampler", () -> sample(ch, violation));
        for (Thread w : workers.subList(0, producers)) {
            w.join();
        }
        if (cancelAtEnd) {
            ch.cancel();
        } else {
            ch.close();
        }
        for (Thread w : workers) {
            w.join();
        }
        sampler.interrupt();
        sampler.join();
        assertNull(violation.get());

        ChannelStatistics s = ch.statistics();
        assertEquals(sent.get(), s.sent(), s::toString);
        assertEquals(received.get(), s.received(), s::toString);
        assertEquals(undelivered.get(), s.undelivered(), s::toString);
        assertEquals(s.sent(), s.received() + s.undelivered() + s.size(), s::toString);
        assertEquals(0, s.size(), s::toString); // drained by the consumers, or emptied by cancel
        assertEquals(0, s.waitingSenders(), s::toString);
        assertEquals(0, s.waitingReceivers(), s::toString);
    }

    /** Sends {@code n} elements by random means, counting those whose ownership passed to the channel. */
    private static void produce(Channel<Integer> ch, int n, AtomicLong sent) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            for (int i = 0; i < n; i++) {
                switch (random.nextInt(3)) {
                    case 0 -> {
                        ch.send(i);
                        sent.incrementAndGet();
                    }
                    case 1 -> {
                        if (ch.trySend(i).isSuccess()) {
                            sent.incrementAndGet();
                        }
                    }
                    default -> {
                        if (ch.send(i, Duration.ofNanos(random.nextInt(200_000)))) {
                            sent.incrementAndGet();
                        }
                    }
                }
            }
        } catch (ClosedSendChannelException | CancellationException | InterruptedException e) {
            throw new AssertionError("producers finish before the channel is closed", e);
        }
    }

    /** Receives by random means until the channel is closed, counting the elements taken. */
    private static void consume(Channel<Integer> ch, AtomicLong received) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            for (;;) {
                switch (random.nextInt(3)) {
                    case 0 -> {
                        ChannelResult<Integer> r = ch.receiveCatching();
                        if (r.isClosed()) {
                            return;
                        }
                        received.incrementAndGet();
                    }
                    case 1 -> {
                        ChannelResult<Integer> r = ch.tryReceive();
                        if (r.isClosed()) {
                            return;
                        }
                        if (r.isSuccess()) {
                            received.incrementAndGet();
                        }
                    }
                    default -> {
                        if (ch.receive(Duration.ofNanos(random.nextInt(200_000))) != null) {
                            received.incrementAndGet();
                        }
                    }
                }
            }
        } catch (CancellationException | java.util.NoSuchElementException closed) {
            // a timed receive found the channel closed or cancelled: done
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sample(Channel<Integer> ch, AtomicReference<String> violation) {
        while (!Thread.currentThread().isInterrupted()) {
            ChannelStatistics s = ch.statistics();
            boolean ok = s.size() >= 0 && s.size() <= s.capacity() && s.sent() >= 0 && s.received() >= 0
                    && s.waitingSenders() >= 0 && s.waitingReceivers() >= 0;
            if (!ok) {
                violation.compareAndSet(null, s.toString());
            }
            Thread.yield(); // a virtual sampler must let the workers run on two cores
        }
    }
}
