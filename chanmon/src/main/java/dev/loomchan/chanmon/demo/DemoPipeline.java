package dev.loomchan.chanmon.demo;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.ReceiveChannel;
import dev.loomchan.SendChannel;
import dev.loomchan.cancellation.Scope;
import dev.loomchan.rendezvous.RequestChannel;
import dev.loomchan.select.Select;
import dev.loomchan.zerocopy.Descriptor;
import dev.loomchan.zerocopy.DescriptorPool;
import dev.loomchan.zerocopy.ZeroCopyChannel;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The demo's pipeline, a small trading-like system that uses loomchan the way applications do. Every channel is named,
 * so the monitor lists it:
 * <pre>
 *   order producers x2 ─▶ demo.orders   (buffered 64) ─┐
 *   payment producer   ─▶ demo.payments (buffered 32) ─┴─ select fan-in ─▶ demo.events (buffered 128)
 *   demo.events ─▶ enricher ──(request/reply over demo.pricing.requests, rendezvous, 2 servers)──▶ demo.processed (16)
 *   demo.processed ─▶ framer: writes each into an off-heap slot ─▶ demo.frames (zero-copy, buffered 16) ─▶ sink
 *   price ticker ─▶ demo.latest-price (conflated) ─▶ a dashboard reader sampling it every 100 ms
 *   storm: in its phase, a scope of 200 receivers waits on demo.storm (rendezvous) and is cancelled
 * </pre>
 * Everything runs in one {@link Scope}: stages are forks, the producers are {@link Scope#produce producers}, and
 * {@link #stop()} cancels the scope, which interrupts every stage and returns once all of them have finished. The load
 * moves through {@link LoadPhase}s, one every {@code phaseLength}.
 */
public final class DemoPipeline {
    /** An order or a payment, as the producers make them. */
    public record Event(String source, long sequence, int amount) {
    }

    private final Duration phaseLength;
    private final Consumer<String> log;
    private volatile LoadPhase phase = LoadPhase.STEADY;
    private final AtomicLong delivered = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Scope scope;
    private volatile Thread runner;
    private volatile Throwable failure;
    private final java.util.List<Channel<?>> channels = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The request/reply service of the enricher (the rendezvous module's RequestChannel). */
    private volatile RequestChannel<Event, Integer> pricing;
    private volatile DescriptorPool pool;

    public DemoPipeline(Duration phaseLength, Consumer<String> log) {
        this.phaseLength = phaseLength;
        this.log = log;
    }

    /** Starts the pipeline on its own thread and returns once every stage has started. */
    public void start() throws InterruptedException {
        runner = Thread.ofPlatform().name("demo-pipeline").start(() -> {
            try {
                Scope.run(s -> {
                    scope = s;
                    build(s);
                    started.countDown();
                    return null;
                });
            } catch (CancellationException | InterruptedException e) {
                // stop() cancelled the scope: the normal way to end
            } catch (Throwable t) {
                failure = t;
                log.accept("demo pipeline failed: " + t);
            } finally {
                started.countDown();
            }
        });
        started.await();
    }

    /** Cancels every stage and waits for all of them to finish. */
    public void stop() throws InterruptedException {
        Scope s = scope;
        if (s != null) {
            s.cancel();
        }
        Thread r = runner;
        if (r != null) {
            r.join();
        }
        // Every stage has finished: cancel the channels, so that what is still buffered goes to onUndeliveredElement
        // (the frames' slots back to their pool) and nothing is left in flight.
        for (Channel<?> ch : channels) {
            ch.cancel();
        }
        RequestChannel<Event, Integer> p = pricing;
        if (p != null) {
            p.close();
        }
    }

    /** The demo's channels (every one named {@code demo.*}), not counting the request channel. */
    public java.util.List<Channel<?>> channels() {
        return java.util.List.copyOf(channels);
    }

    /** Statistics of every channel of the demo, the request channel's included. */
    public java.util.List<ChannelStatistics> statistics() {
        java.util.List<ChannelStatistics> all = new java.util.ArrayList<>();
        for (Channel<?> ch : channels) {
            all.add(ch.statistics());
        }
        RequestChannel<Event, Integer> p = pricing;
        if (p != null) {
            all.add(p.statistics());
        }
        return all;
    }

    /** Off-heap slots of the zero-copy stage in use now; 0 once stopped. */
    public int framesInUse() {
        DescriptorPool p = pool;
        return p == null ? 0 : p.inUse();
    }

    /** The current load phase. */
    public LoadPhase phase() {
        return phase;
    }

    /** Frames the sink has received so far (the end of the pipeline). */
    public long delivered() {
        return delivered.get();
    }

    /** The failure that ended the pipeline, or null. */
    public Throwable failure() {
        return failure;
    }

    private void build(Scope s) {
        Channel<Event> orders = Channel.<Event>builder().capacity(64).name("demo.orders").build();
        Channel<Event> payments = Channel.<Event>builder().capacity(32).name("demo.payments").build();
        Channel<Event> events = Channel.<Event>builder().capacity(128).name("demo.events").build();
        Channel<String> processed = Channel.<String>builder().capacity(16).name("demo.processed").build();
        Channel<Integer> latestPrice = Channel.<Integer>builder().capacity(Channel.CONFLATED)
                .name("demo.latest-price").build();
        Channel<Integer> storm = Channel.<Integer>builder().name("demo.storm").build();
        DescriptorPool pool = DescriptorPool.builder().slotSize(256).slotCount(64).name("demo.frames").build();
        ZeroCopyChannel frames = ZeroCopyChannel.create(pool, 16, BufferOverflow.SUSPEND, "demo.frames");
        this.pool = pool;
        channels.addAll(java.util.List.of(orders, payments, events, processed, latestPrice, storm, frames));
        RequestChannel<Event, Integer> pricing = RequestChannel.<Event, Integer>builder()
                .name("demo.pricing.requests").build();
        this.pricing = pricing;
        s.fork(() -> phases());
        // Producers: structured, each owns its channel's close. Two order producers share demo.orders, so it is
        // produced by the first and fed by the second as a plain fork.
        ReceiveChannel<Event> orderIn = s.produce(orders, out -> produce("order", out, 1));
        s.fork(() -> {
            produce("order-b", orders, 1);
            return null;
        });
        ReceiveChannel<Event> paymentIn = s.produce(payments, out -> produce("payment", out, 2));
        s.fork(() -> fanIn(orderIn, paymentIn, events));
        for (int i = 0; i < 2; i++) {
            s.fork(() -> {
                pricing.serve(e -> e.amount() * 101 / 100);
                return null;
            });
        }
        s.fork(() -> {
            for (Event e : iterate(events)) {
                processed.send(e.source() + "#" + e.sequence() + " priced " + pricing.call(e));
            }
            return null;
        });
        s.fork(() -> frame(processed, frames, pool));
        s.fork(() -> sink(frames));
        s.fork(() -> tick(latestPrice));
        s.fork(() -> readLatest(latestPrice));
        s.fork(() -> storms(storm));
    }

    private Void phases() throws InterruptedException {
        while (true) {
            Thread.sleep(phaseLength);
            phase = phase.next();
            log.accept("demo: phase " + phase.description);
        }
    }

    /** Sends events at the phase's pace: about 400/s steady, flat out in bursts of 5,000, 200/s otherwise. */
    private void produce(String source, SendChannel<Event> out, int weight) throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long seq = 0; ; seq++) {
            LoadPhase p = phase;
            if (p == LoadPhase.BURST && seq % 5_000 == 0) {
                Thread.sleep(Duration.ofMillis(300)); // a pause between bursts
            }
            out.send(new Event(source, seq, random.nextInt(1, 1000)));
            switch (p) {
                case STEADY -> Thread.sleep(Duration.ofNanos(2_500_000L * weight));
                case BURST -> {
                    // flat out
                }
                default -> Thread.sleep(Duration.ofNanos(5_000_000L * weight));
            }
        }
    }

    /** Merges orders and payments into one stream with a select; stops when both inputs are closed. */
    private Void fanIn(ReceiveChannel<Event> orders, ReceiveChannel<Event> payments, Channel<Event> events)
            throws InterruptedException {
        boolean ordersOpen = true;
        boolean paymentsOpen = true;
        while (ordersOpen || paymentsOpen) {
            java.util.List<dev.loomchan.SelectClause<Object>> clauses = new java.util.ArrayList<>(3);
            if (ordersOpen) {
                clauses.add(orders.onReceiveCatching(r -> r));
            }
            if (paymentsOpen) {
                clauses.add(payments.onReceiveCatching(r -> r));
            }
            clauses.add(Select.onTimeout(Duration.ofMillis(500), () -> null));
            Object got = Select.selectUnbiased(clauses);
            if (got instanceof dev.loomchan.ChannelResult<?> r) {
                if (r.isClosed()) {
                    if (ordersOpen && orders.isClosedForReceive()) {
                        ordersOpen = false;
                    }
                    if (paymentsOpen && payments.isClosedForReceive()) {
                        paymentsOpen = false;
                    }
                } else {
                    events.send((Event) r.getOrThrow());
                }
            }
        }
        events.close();
        return null;
    }

    /** Writes each processed line into an off-heap slot and sends the slot: only the descriptor travels. */
    private Void frame(Channel<String> processed, ZeroCopyChannel frames, DescriptorPool pool)
            throws InterruptedException {
        for (String line : iterate(processed)) {
            Descriptor d = pool.acquire();
            byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int n = Math.min(bytes.length, d.capacity());
            d.buffer().putBytes(0, bytes, 0, n);
            frames.send(d.length(n));
        }
        frames.close();
        return null;
    }

    /** Reads frames and gives their slots back; slow in the slow-consumer phase. */
    private Void sink(ZeroCopyChannel frames) throws InterruptedException {
        for (Descriptor d : iterate(frames)) {
            d.buffer().getByte(0);
            d.release();
            delivered.incrementAndGet();
            if (phase == LoadPhase.SLOW_CONSUMER) {
                Thread.sleep(Duration.ofMillis(25));
            }
        }
        return null;
    }

    /** A fast price feed into a conflated channel: most updates are dropped, only the latest is kept. */
    private Void tick(Channel<Integer> latestPrice) throws InterruptedException {
        int price = 10_000;
        while (true) {
            price += ThreadLocalRandom.current().nextInt(-5, 6);
            latestPrice.send(price);
            Thread.sleep(Duration.ofMillis(1));
        }
    }

    private Void readLatest(Channel<Integer> latestPrice) throws InterruptedException {
        while (true) {
            latestPrice.receive();
            Thread.sleep(Duration.ofMillis(100));
        }
    }

    /**
     * In the storm phase, every 0.8 s or so: a nested scope forks 200 receivers on {@code demo.storm}, then cancels itself,
     * interrupting them all; half of another 100 give up by time-out. Nothing is ever sent: the point is the
     * cancellations.
     */
    private Void storms(Channel<Integer> storm) throws InterruptedException {
        while (true) {
            if (phase != LoadPhase.CANCELLATION_STORM) {
                Thread.sleep(Duration.ofMillis(50));
                continue;
            }
            try {
                Scope.run(inner -> {
                    for (int i = 0; i < 200; i++) {
                        inner.fork(() -> storm.receive());
                    }
                    for (int i = 0; i < 100; i++) {
                        inner.fork(() -> storm.receive(Duration.ofMillis(100)));
                    }
                    Thread.sleep(Duration.ofMillis(300));
                    inner.cancel();
                    return null;
                });
            } catch (CancellationException expected) {
                // the storm scope was cancelled on purpose
            } catch (Exception e) {
                if (e instanceof InterruptedException ie) {
                    throw ie;
                }
                throw new IllegalStateException("storm failed", e);
            }
            Thread.sleep(Duration.ofMillis(500));
        }
    }

    /** A channel as an Iterable for for-each loops; the iterator's InterruptedException is rethrown unchecked. */
    private static <E> Iterable<E> iterate(ReceiveChannel<E> channel) {
        return () -> new java.util.Iterator<E>() {
            private final dev.loomchan.ChannelIterator<E> it = channel.iterator();

            @Override
            public boolean hasNext() {
                try {
                    return it.hasNext();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted");
                }
            }

            @Override
            public E next() {
                return it.next();
            }
        };
    }
}
