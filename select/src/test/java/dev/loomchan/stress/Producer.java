package dev.loomchan.stress;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedSendChannelException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Sends {@code (producer, seq)} items to the round's channels with a random mix of {@code send},
 * {@code send(e, timeout)}, {@code trySend}, runs ({@code sendAll}, {@code trySendAll}) and selects ({@link SelectSend}) until a channel reports it is closed,
 * writing the outcome of every attempt to its {@link SendLog}.
 */
final class Producer extends Worker {
    private final int id;
    private final SendLog log;

    Producer(int id, SendLog log, long seed, double pause, RoundContext round) {
        super("producer p" + id, seed, pause, round);
        this.id = id;
        this.log = log;
    }

    @Override
    protected void work() {
        boolean closed = false;
        while (!closed) {
            beforeOperation();
            if (!nextIsSelect() && random.nextInt(100) < 15) {
                closed = sendBatch();
                continue;
            }
            int seq = log.nextSeq();
            Item item = new Item(id, seq);
            closed = nextIsSelect() ? sendBySelect(item) : sendPlainly(item);
        }
    }

    /** One plain send attempt; true when it found the channel closed. */
    private boolean sendPlainly(Item item) {
        Channel<Item> channel = channels.get(channels.pick(random));
        int seq = item.seq();
        int pick = random.nextInt(100);
        String op = pick < 45 ? "send" : pick < 70 ? "send(timeout)" : "trySend";
        try {
            if (pick < 45) {
                channel.send(item);
                delivered(seq);
            } else if (pick < 70) {
                if (channel.send(item, Timeouts.random(random))) {
                    delivered(seq);
                } else {
                    log.kept(seq);
                }
            } else {
                ChannelResult<Void> r = channel.trySend(item);
                if (r.isSuccess()) {
                    delivered(seq);
                } else {
                    log.kept(seq);
                    if (r.isClosed()) {
                        closeReported(contract.closedResult("trySend", r));
                        return true;
                    }
                    Thread.yield();
                }
            }
        } catch (InterruptedException e) {
            log.abandoned(seq);
            interrupted();
        } catch (ClosedSendChannelException | CancellationException e) {
            return closedWhileSending(seq, e);
        } catch (Throwable t) {
            // The outcome of this seq is unknown: it stays out of every set and out of the balance.
            unexpected(op + "(" + item + ")", t);
        }
        return false;
    }

    /**
     * A run of 1-16 items in one call: {@code trySendAll} (the prefix it reports was delivered, the rest kept) or
     * {@code sendAll}. A {@code sendAll} that throws sent the items before the one it failed on and handed that one
     * and the rest to the handler, without saying where the split is: its items are logged as delivered, whose check
     * (received or handed to the handler, exactly once) holds on both sides of the split.
     */
    private boolean sendBatch() {
        Channel<Item> channel = channels.get(channels.pick(random));
        int size = 1 + random.nextInt(16);
        int first = log.nextSeq();
        List<Item> run = new ArrayList<>(size);
        run.add(new Item(id, first));
        for (int i = 1; i < size; i++) {
            run.add(new Item(id, log.nextSeq()));
        }
        if (random.nextInt(3) == 0) {
            int sent = channel.trySendAll(run);
            for (int i = 0; i < size; i++) {
                if (i < sent) {
                    delivered(first + i);
                } else {
                    log.kept(first + i);
                }
            }
            if (sent < size && channel.isClosedForSend()) {
                closeReported(contract.closedResult("trySendAll", channel.trySend(run.get(sent)))); // kept: closed
                return true;
            }
            return false;
        }
        boolean closed = false;
        try {
            channel.sendAll(run);
        } catch (InterruptedException e) {
            interrupted();
        } catch (ClosedSendChannelException | CancellationException e) {
            closeReported(contract.sendThrew(e));
            closed = true;
        } catch (Throwable t) {
            unexpected("sendAll(" + run + ")", t);
            return false; // the outcome of these seqs is unknown: they stay out of every set
        }
        for (int i = 0; i < size; i++) {
            delivered(first + i);
        }
        return closed;
    }

    /** One send through a select; true when its chosen clause found the channel closed. */
    private boolean sendBySelect(Item item) {
        int seq = item.seq();
        try {
            if (SelectSend.send(channels, item, random)) {
                delivered(seq);
            } else {
                log.kept(seq);
            }
        } catch (InterruptedException e) {
            // Unlike an interrupted send, an interrupted select hands nothing over: the element stays here.
            log.kept(seq);
            interrupted();
        } catch (ClosedSendChannelException | CancellationException e) {
            return closedWhileSending(seq, e);
        } catch (Throwable t) {
            unexpected("a send select(" + item + ")", t);
        }
        return false;
    }

    /** The send of {@code seq} found the channel closed and handed the element over; always true. */
    private boolean closedWhileSending(int seq, RuntimeException e) {
        log.abandoned(seq);
        closeReported(contract.sendThrew(e));
        return true;
    }

    private void delivered(int seq) {
        log.delivered(seq);
        live.sent.increment();
    }
}
