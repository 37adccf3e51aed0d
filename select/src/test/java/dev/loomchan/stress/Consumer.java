package dev.loomchan.stress;

import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Receives from the round's channels with a random mix of {@code receive}, {@code receive(timeout)},
 * {@code tryReceive}, {@code receiveCatching}, batches ({@code receiveMany}, {@code drainTo}), bursts of the iterator
 * and selects ({@link SelectReceive}) until every
 * channel has reported that it is closed and drained, writing every element to its {@link ReceiveLog}.
 */
final class Consumer extends Worker {
    private final ReceiveLog log;
    private final boolean[] closed;
    private int openCount;

    Consumer(int id, ReceiveLog log, long seed, double pause, RoundContext round) {
        super("consumer c" + id, seed, pause, round);
        this.log = log;
        this.closed = new boolean[channels.count()];
        this.openCount = channels.count();
    }

    @Override
    protected void work() {
        while (openCount > 0) {
            beforeOperation();
            if (nextIsSelect()) {
                receiveBySelect();
            } else {
                receivePlainly(openChannels()[random.nextInt(openCount)]);
            }
        }
    }

    /** One plain receive from channel {@code index}. */
    private void receivePlainly(int index) {
        Channel<Item> channel = channels.get(index);
        int pick = random.nextInt(100);
        String op = "receive";
        try {
            if (pick < 25) {
                got(index, channel.receive());
            } else if (pick < 45) {
                op = "receive(timeout)";
                Item item = channel.receive(Timeouts.random(random));
                if (item != null) {
                    got(index, item);
                }
            } else if (pick < 65) {
                op = "tryReceive";
                ChannelResult<Item> r = channel.tryReceive();
                if (r.isSuccess()) {
                    got(index, r.getOrNull());
                } else if (r.isClosed()) {
                    closedResult(index, "tryReceive", r);
                } else {
                    Thread.yield();
                }
            } else if (pick < 72) {
                op = "receiveMany";
                gotAll(index, batch(channel::receiveMany));
            } else if (pick < 78) {
                op = "drainTo";
                if (gotAll(index, batch(channel::drainTo)) == 0) {
                    if (channel.isClosedForReceive()) {
                        closeReported(contract.closedResult("drainTo", channel.tryReceive()));
                        closed(index);
                    } else {
                        Thread.yield();
                    }
                }
            } else if (pick < 85) {
                op = "receiveCatching";
                ChannelResult<Item> r = channel.receiveCatching();
                if (r.isSuccess()) {
                    got(index, r.getOrNull());
                } else if (r.isClosed()) {
                    closedResult(index, "receiveCatching", r);
                } else {
                    unexpected("receiveCatching", new IllegalStateException("returned " + r
                            + ", neither an element nor closed"));
                }
            } else {
                op = "iterator";
                iterate(index, 1 + random.nextInt(8));
            }
        } catch (InterruptedException e) {
            interrupted();
        } catch (ClosedReceiveChannelException | CancellationException e) {
            closeReported(contract.receiveThrew(e));
            closed(index);
        } catch (Throwable t) {
            unexpected(op, t);
        }
    }

    /** One receive through a select over the channels still open. */
    private void receiveBySelect() {
        int[] open = openChannels();
        try {
            SelectReceive.Outcome o = SelectReceive.receive(channels, open, random);
            if (o.item() != null) {
                got(o.channel(), o.item());
            } else if (o.closed() != null) {
                closedResult(o.channel(), "onReceiveCatching", o.closed());
            }
        } catch (InterruptedException e) {
            interrupted();
        } catch (ClosedReceiveChannelException | CancellationException e) {
            closeReported(contract.receiveThrew(e));
            closedSomewhere(open, e);
        } catch (Throwable t) {
            unexpected("a receive select over channels " + Arrays.toString(open), t);
        }
    }

    /** Takes up to {@code n} elements of channel {@code index} through a fresh iterator. */
    private void iterate(int index, int n) throws InterruptedException {
        ChannelIterator<Item> it = channels.get(index).iterator();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                beforeOperation();
            }
            if (!it.hasNext()) {
                closeReported(contract.iteratorEnded());
                closed(index);
                return;
            }
            got(index, it.next());
        }
    }

    /** A batch receive into a fresh list of up to 1-16 elements. */
    private List<Item> batch(BatchReceive receive) throws InterruptedException {
        List<Item> run = new ArrayList<>();
        receive.into(run, 1 + random.nextInt(16));
        return run;
    }

    /** {@code receiveMany} or {@code drainTo}. */
    @FunctionalInterface
    private interface BatchReceive {
        int into(List<Item> sink, int max) throws InterruptedException;
    }

    private int gotAll(int index, List<Item> run) {
        for (Item item : run) {
            got(index, item);
        }
        return run.size();
    }

    private void got(int index, Item item) {
        if (item == null) {
            unexpected("a receive", new NullPointerException("returned null as an element"));
            return;
        }
        log.record(index, item);
        live.received.increment();
    }

    private void closedResult(int index, String operation, ChannelResult<Item> r) {
        closeReported(contract.closedResult(operation, r));
        closed(index);
    }

    /**
     * A select over {@code open} threw because a chosen clause found its channel closed, without saying which: every
     * channel of those that is closed for receive is done with, and at least one must be.
     */
    private void closedSomewhere(int[] open, RuntimeException e) {
        boolean any = false;
        for (int index : open) {
            if (channels.get(index).isClosedForReceive()) {
                closed(index);
                any = true;
            }
        }
        if (!any) {
            unexpected("a receive select over channels " + Arrays.toString(open) + " (none closed for receive)", e);
        }
    }

    private void closed(int index) {
        if (!closed[index]) {
            closed[index] = true;
            openCount--;
        }
    }

    private int[] openChannels() {
        int[] open = new int[openCount];
        int n = 0;
        for (int i = 0; i < closed.length; i++) {
            if (!closed[i]) {
                open[n++] = i;
            }
        }
        return open;
    }
}
