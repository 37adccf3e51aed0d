package dev.loomchan.stress;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedSendChannelException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;

/**
 * Sends {@code (producer, seq)} items with a random mix of {@code send}, {@code send(e, timeout)} and
 * {@code trySend} until the channel is closed, writing the outcome of every attempt to its {@link SendLog}.
 */
final class Producer extends Worker {
    private final int id;
    private final SendLog log;

    Producer(int id, Channel<Item> channel, SendLog log, long seed, CountDownLatch start, Interrupter interrupter,
             double pause, CloseContract contract, LiveCounters live, ViolationLog violations) {
        super("producer p" + id, channel, seed, start, interrupter, pause, contract, live, violations);
        this.id = id;
        this.log = log;
    }

    @Override
    protected void work() {
        boolean closed = false;
        while (!closed) {
            beforeOperation();
            int seq = log.nextSeq();
            Item item = new Item(id, seq);
            int pick = random.nextInt(100);
            String op = pick < 45 ? "send" : pick < 70 ? "send(timeout)" : "trySend";
            try {
                if (pick < 45) {
                    channel.send(item);
                    delivered(seq);
                } else if (pick < 70) {
                    if (channel.send(item, timeout())) {
                        delivered(seq);
                    } else {
                        log.refused(seq);
                    }
                } else {
                    ChannelResult<Void> r = channel.trySend(item);
                    if (r.isSuccess()) {
                        delivered(seq);
                    } else {
                        log.refused(seq);
                        if (r.isClosed()) {
                            closeReported(contract.closedResult("trySend", r));
                            closed = true;
                        } else {
                            Thread.yield();
                        }
                    }
                }
            } catch (InterruptedException e) {
                log.abandoned(seq);
                interrupted();
            } catch (ClosedSendChannelException | CancellationException e) {
                log.abandoned(seq);
                closeReported(contract.sendThrew(e));
                closed = true;
            } catch (Throwable t) {
                // The outcome of this seq is unknown: it stays out of every set and out of the balance.
                unexpected(op + "(" + item + ")", t);
            }
        }
    }

    private void delivered(int seq) {
        log.delivered(seq);
        live.sent.increment();
    }

    /** Zero (a trySend that throws on close), a few microseconds, or up to two milliseconds. */
    private Duration timeout() {
        return switch (random.nextInt(3)) {
            case 0 -> Duration.ZERO;
            case 1 -> Duration.ofNanos(1_000 + random.nextInt(100_000));
            default -> Duration.ofNanos(100_000 + random.nextInt(1_900_000));
        };
    }
}
