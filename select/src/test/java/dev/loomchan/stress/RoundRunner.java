package dev.loomchan.stress;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one round: a fresh channel, its producers and consumers, the close or cancel at the planned moment, the
 * watchdog that waits for every thread to end, and the balance of the books.
 */
final class RoundRunner {
    /** How long every worker has to end after the close or cancel. */
    static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(5);
    private static final int DEBUG_STRING_LIMIT = 6_000;

    private final ChannelKind kind;
    private final ThreadKind threads;
    private final double interruptRate;
    private final LiveCounters live;

    RoundRunner(ChannelKind kind, ThreadKind threads, double interruptRate, LiveCounters live) {
        this.kind = kind;
        this.threads = threads;
        this.interruptRate = interruptRate;
        this.live = live;
    }

    /** Runs the round of {@code plan}; what goes wrong goes to {@code violations}. */
    RoundResult run(RoundPlan plan, int round, ViolationLog violations) throws InterruptedException {
        RoundLedger ledger = new RoundLedger(plan.producers(), plan.consumers(), violations, live);
        Channel<Item> channel = kind.create(ledger::onUndelivered);
        Interrupter interrupter = new Interrupter(interruptRate);
        Throwable closeCause = new IllegalStateException("stress: closed with a cause");
        CloseContract contract = new CloseContract(plan.ending(), closeCause);
        CountDownLatch start = new CountDownLatch(1);
        long seeds = plan.seed();

        List<Worker> workers = new ArrayList<>();
        for (int p = 0; p < plan.producers(); p++) {
            workers.add(new Producer(p, channel, ledger.sendLog(p), mix(seeds, p), start, interrupter,
                    plan.producerPause(), contract, live, violations));
        }
        for (int c = 0; c < plan.consumers(); c++) {
            workers.add(new Consumer(c, channel, ledger.receiveLog(c), mix(seeds, 1000 + c), start, interrupter,
                    plan.consumerPause(), contract, live, violations));
        }
        String prefix = "stress-" + kind.name().toLowerCase() + "-r" + round + "-";
        Thread[] started = new Thread[workers.size()];
        for (int i = 0; i < started.length; i++) {
            Worker w = workers.get(i);
            started[i] = threads.start(prefix + w.name.replace(' ', '-'), w);
        }
        interrupter.arm(started);

        long t0 = System.nanoTime();
        start.countDown();
        Thread.sleep(plan.runMillis());
        contract.endingStarts();
        endChannel(channel, plan.ending(), closeCause);

        long deadline = System.nanoTime() + TERMINATION_TIMEOUT.toNanos();
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : started) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
            if (t.isAlive()) {
                stuck.add(t);
            }
        }
        long nanos = System.nanoTime() - t0;
        interrupter.disarm();

        if (!stuck.isEmpty()) {
            abandon(channel, plan, stuck, violations);
            return new RoundResult(nanos, 0, 0, null);
        }
        checkFinalState(channel, violations);
        long ops = 0, interrupts = 0;
        for (Worker w : workers) {
            ops += w.operations();
            interrupts += w.interrupts();
        }
        return new RoundResult(nanos, ops, interrupts, ledger.check());
    }

    private static void endChannel(Channel<Item> channel, RoundPlan.Ending ending, Throwable cause) {
        switch (ending) {
            case CLOSE -> channel.close();
            case CLOSE_WITH_CAUSE -> channel.close(cause);
            case CANCEL -> channel.cancel();
        }
    }

    /** Once every worker saw the channel closed, it must say so itself, and hold nothing. */
    private static void checkFinalState(Channel<Item> channel, ViolationLog violations) {
        try {
            if (!channel.isClosedForSend()) {
                violations.add(Invariant.ERRORS, "after the round, isClosedForSend() is false");
            }
            if (!channel.isClosedForReceive()) {
                violations.add(Invariant.ERRORS, "after every consumer saw the channel closed, isClosedForReceive()"
                        + " is false");
            }
            ChannelResult<Item> r = channel.tryReceive();
            if (!r.isClosed()) {
                violations.add(Invariant.ERRORS, "after every consumer saw the channel closed, tryReceive() returned "
                        + r);
            }
        } catch (Throwable t) {
            violations.add(Invariant.ERRORS, "checking the channel after the round threw " + t);
        }
    }

    /** Records the hang with a dump, then tries to free the stuck threads; the round's books are not balanced. */
    private void abandon(Channel<Item> channel, RoundPlan plan, List<Thread> stuck,
                         ViolationLog violations) throws InterruptedException {
        String debug;
        try {
            debug = channel.debugString();
            if (debug.length() > DEBUG_STRING_LIMIT) {
                debug = debug.substring(0, DEBUG_STRING_LIMIT) + "\n... (" + (debug.length() - DEBUG_STRING_LIMIT)
                        + " more characters)";
            }
        } catch (Throwable t) {
            debug = "debugString() threw " + t;
        }
        violations.add(Invariant.TERMINATED, "threads did not terminate " + TERMINATION_TIMEOUT.toSeconds()
                + " s after the " + plan.ending().name().toLowerCase() + " (" + plan + "): "
                + stuck.size() + " stuck:" + ThreadDump.of(stuck)
                + "\n      channel: " + debug.replace("\n", "\n        "));
        try {
            channel.cancel();
        } catch (Throwable ignored) {
            // Freeing the threads is best effort.
        }
        for (Thread t : stuck) {
            t.interrupt();
        }
        for (Thread t : stuck) {
            t.join(1_000);
        }
    }

    /** A well-spread seed for worker {@code n} of a round (SplitMix64's finalizer). */
    static long mix(long seed, long n) {
        long z = seed + (n + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
