package dev.loomchan.zerocopy;

import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random pipelines (producers, a chain of channels of random kinds, forwarding stages, consumers) disturbed by random
 * closes, cancels and interrupts: when every thread has stopped, every slot is back in the pool, the pool's counters
 * agree, and no thread ever saw another's descriptor (each stage checks the stamp the producer wrote).
 */
class PipelineLeakProperties {

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void everySlotComesBack(@ForAll("kinds") List<ZeroCopyChannelTest.Kind> stages,
                            @ForAll @IntRange(min = 1, max = 2) int producers,
                            @ForAll @IntRange(min = 1, max = 6) int slots,
                            @ForAll("disturbances") List<Disturbance> disturbances,
                            @ForAll long seed) throws Exception {
        DescriptorPool pool = DescriptorPool.builder().slotSize(64).slotCount(slots).name("pipeline").build();
        List<ZeroCopyChannel> channels = stages.stream().map(k -> k.of(pool)).toList();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            threads.add(start(failures, () -> produce(pool, channels.get(0))));
        }
        for (int i = 0; i + 1 < channels.size(); i++) {
            ZeroCopyChannel in = channels.get(i);
            ZeroCopyChannel out = channels.get(i + 1);
            threads.add(start(failures, () -> forward(in, out)));
        }
        threads.add(start(failures, () -> consume(channels.get(channels.size() - 1))));

        Random random = new Random(seed);
        for (Disturbance disturbance : disturbances) {
            Thread.sleep(random.nextInt(3)); // a random moment for the disturbance, not a wait for anything
            int i = random.nextInt(channels.size());
            switch (disturbance) {
                case CLOSE -> channels.get(i).close();
                case CANCEL -> channels.get(i).cancel();
                case INTERRUPT -> threads.get(random.nextInt(threads.size())).interrupt();
                case PAUSE -> Thread.sleep(2); // the disturbance itself: the pipeline runs undisturbed a while
            }
        }
        channels.forEach(ZeroCopyChannel::cancel);
        for (Thread t : threads) {
            t.interrupt();
            t.join(Duration.ofSeconds(10));
            assertFalse(t.isAlive(), "a pipeline thread did not stop: " + t);
        }
        assertTrue(failures.isEmpty(), () -> "unexpected failure: " + failures.peek());
        PoolStatistics stats = pool.statistics();
        assertEquals(0, stats.inUse(), () -> "slots still held: " + pool.leakReport(Duration.ZERO));
        assertEquals(stats.acquired(), stats.released(), stats::toString);
        assertTrue(pool.leakReport(Duration.ZERO).isEmpty());
        for (int i = 0; i < slots; i++) {
            assertTrue(pool.slot(i).holder() == Descriptor.FREE, "slot " + i);
        }
    }

    /** Acquires, stamps and sends until the channel or an interrupt stops it. */
    private static void produce(DescriptorPool pool, ZeroCopyChannel out) {
        long sequence = 0;
        try {
            while (true) {
                Descriptor d = pool.acquire();
                d.buffer().putLong(0, ++sequence);
                d.buffer().putLong(8, ~sequence);
                d.length(16);
                out.send(d);
            }
        } catch (InterruptedException | ClosedSendChannelException | CancellationException stopped) {
            // the channel took back what it could not deliver; the acquire took nothing
        }
    }

    /** Receives and forwards, checking each payload, until either channel or an interrupt stops it. */
    private static void forward(ZeroCopyChannel in, ZeroCopyChannel out) {
        try {
            while (true) {
                Descriptor d = in.receive();
                checkStamp(d);
                out.send(d);
            }
        } catch (InterruptedException | ClosedSendChannelException | ClosedReceiveChannelException
                 | CancellationException stopped) {
            // a descriptor received is either sent on or given back by the channel that refused it
        }
    }

    private static void consume(ZeroCopyChannel in) {
        try {
            while (true) {
                Descriptor d = in.receive();
                checkStamp(d);
                d.release();
            }
        } catch (InterruptedException | ClosedReceiveChannelException | CancellationException stopped) {
            // nothing held
        }
    }

    private static void checkStamp(Descriptor d) {
        long sequence = d.buffer().getLong(0);
        if (d.length() != 16 || d.buffer().getLong(8) != ~sequence) {
            throw new AssertionError("torn or foreign payload in " + d);
        }
    }

    private static Thread start(ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
    }

    enum Disturbance { CLOSE, CANCEL, INTERRUPT, PAUSE }

    @Provide
    Arbitrary<List<ZeroCopyChannelTest.Kind>> kinds() {
        return Arbitraries.of(ZeroCopyChannelTest.Kind.class).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Disturbance>> disturbances() {
        return Arbitraries.of(Disturbance.class).list().ofMaxSize(6);
    }
}
