package dev.loomchan.stress;

import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;

/**
 * Receives with a random mix of {@code receive}, {@code receive(timeout)}, {@code tryReceive},
 * {@code receiveCatching} and bursts of the iterator until the channel reports it is closed and drained, writing
 * every element to its {@link ReceiveLog}.
 */
final class Consumer extends Worker {
    private final ReceiveLog log;

    Consumer(int id, Channel<Item> channel, ReceiveLog log, long seed, CountDownLatch start, Interrupter interrupter,
             double pause, CloseContract contract, LiveCounters live, ViolationLog violations) {
        super("consumer c" + id, channel, seed, start, interrupter, pause, contract, live, violations);
        this.log = log;
    }

    @Override
    protected void work() {
        boolean closed = false;
        while (!closed) {
            beforeOperation();
            int pick = random.nextInt(100);
            String op = "receive";
            try {
                if (pick < 25) {
                    got(channel.receive());
                } else if (pick < 45) {
                    op = "receive(timeout)";
                    Item item = channel.receive(timeout());
                    if (item != null) {
                        got(item);
                    }
                } else if (pick < 65) {
                    op = "tryReceive";
                    ChannelResult<Item> r = channel.tryReceive();
                    if (r.isSuccess()) {
                        got(r.getOrNull());
                    } else if (r.isClosed()) {
                        closeReported(contract.closedResult("tryReceive", r));
                        closed = true;
                    } else {
                        Thread.yield();
                    }
                } else if (pick < 85) {
                    op = "receiveCatching";
                    ChannelResult<Item> r = channel.receiveCatching();
                    if (r.isSuccess()) {
                        got(r.getOrNull());
                    } else if (r.isClosed()) {
                        closeReported(contract.closedResult("receiveCatching", r));
                        closed = true;
                    } else {
                        unexpected("receiveCatching", new IllegalStateException("returned " + r
                                + ", neither an element nor closed"));
                    }
                } else {
                    op = "iterator";
                    closed = iterate(1 + random.nextInt(8));
                }
            } catch (InterruptedException e) {
                interrupted();
            } catch (ClosedReceiveChannelException | CancellationException e) {
                closeReported(contract.receiveThrew(e));
                closed = true;
            } catch (Throwable t) {
                unexpected(op, t);
            }
        }
    }

    /** Takes up to {@code n} elements through a fresh iterator; true when it reports the channel closed. */
    private boolean iterate(int n) throws InterruptedException {
        ChannelIterator<Item> it = channel.iterator();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                beforeOperation();
            }
            if (!it.hasNext()) {
                closeReported(contract.iteratorEnded());
                return true;
            }
            got(it.next());
        }
        return false;
    }

    private void got(Item item) {
        if (item == null) {
            unexpected("a receive", new NullPointerException("returned null as an element"));
            return;
        }
        log.record(item);
        live.received.increment();
    }

    private Duration timeout() {
        return switch (random.nextInt(3)) {
            case 0 -> Duration.ZERO;
            case 1 -> Duration.ofNanos(1_000 + random.nextInt(100_000));
            default -> Duration.ofNanos(100_000 + random.nextInt(1_900_000));
        };
    }
}
