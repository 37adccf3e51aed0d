package dev.loomchan.stress;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one round: fresh channels, their producers and consumers, the close or cancel at the planned moment, the
 * bounded wait for every thread to end, and the balance of the books.
 */
final class RoundRunner {
    /** How long every worker has to end after the close or cancel. */
    static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(5);
    /** How long the threads of a hung round get to end once their channels are cancelled and they are interrupted. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(2);

    private final ChannelKind kind;
    private final ThreadKind threads;
    private final double interruptRate;
    private final double selectRate;
    private final LiveCounters live;
    private final StallWatchdog watchdog;

    RoundRunner(ChannelKind kind, StressOptions options, LiveCounters live, StallWatchdog watchdog) {
        this.kind = kind;
        this.threads = options.threads();
        this.interruptRate = options.interruptRate();
        this.selectRate = options.selectRate();
        this.live = live;
        this.watchdog = watchdog;
    }

    /** Runs the round of {@code plan}; what goes wrong goes to {@code violations}. */
    RoundResult run(RoundPlan plan, int round, ViolationLog violations) throws InterruptedException {
        RoundLedger ledger = new RoundLedger(plan.producers(), plan.consumers(), plan.channels(), violations, live);
        RoundChannels channels = new RoundChannels(kind, plan.channels(), ledger::onUndelivered);
        Throwable closeCause = new IllegalStateException("stress: closed with a cause");
        CloseContract contract = new CloseContract(plan.ending(), closeCause);
        RoundContext context = new RoundContext(channels, new CountDownLatch(1), new Interrupter(interruptRate),
                contract, selectRate, live, violations);
        long seeds = plan.seed();

        List<Worker> workers = new ArrayList<>();
        for (int p = 0; p < plan.producers(); p++) {
            workers.add(new Producer(p, ledger.sendLog(p), mix(seeds, p), plan.producerPause(), context));
        }
        for (int c = 0; c < plan.consumers(); c++) {
            workers.add(new Consumer(c, ledger.receiveLog(c), mix(seeds, 1000 + c), plan.consumerPause(), context));
        }
        String name = kind.name().toLowerCase() + " round " + round;
        String prefix = "stress-" + kind.name().toLowerCase() + "-r" + round + "-";
        Thread[] started = new Thread[workers.size()];
        for (int i = 0; i < started.length; i++) {
            Worker w = workers.get(i);
            started[i] = threads.start(prefix + w.name.replace(' ', '-'), w);
        }
        context.interrupter().arm(started);
        watchdog.progress("running " + name + " (" + plan + ")", started);

        long t0 = System.nanoTime();
        context.start().countDown();
        Thread.sleep(plan.runMillis()); // the round's length: the workers run this long, then the channels end
        contract.endingStarts();
        watchdog.progress("ending the channels of " + name + " (" + plan.ending().name().toLowerCase() + ")",
                started);
        channels.end(plan.ending(), closeCause);
        watchdog.progress("waiting for the workers of " + name + " to end", started);

        List<Thread> stuck = joinAll(started, TERMINATION_TIMEOUT);
        long nanos = System.nanoTime() - t0;
        context.interrupter().disarm();

        if (!stuck.isEmpty()) {
            watchdog.progress("releasing the stuck workers of " + name, started);
            abandon(channels, plan, stuck, violations);
            return new RoundResult(nanos, 0, 0, 0, null);
        }
        watchdog.progress("checking the books of " + name);
        channels.checkFinalState(violations);
        long ops = 0, selects = 0, interrupts = 0;
        for (Worker w : workers) {
            ops += w.operations();
            selects += w.selects();
            interrupts += w.interrupts();
        }
        return new RoundResult(nanos, ops, selects, interrupts, ledger.check());
    }

    /** Joins every thread within {@code timeout} in all; returns those still alive. */
    private static List<Thread> joinAll(Thread[] threads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
            if (t.isAlive()) {
                stuck.add(t);
            }
        }
        return stuck;
    }

    /** Records the hang with a dump, then tries to free the stuck threads; the round's books are not balanced. */
    private static void abandon(RoundChannels channels, RoundPlan plan, List<Thread> stuck, ViolationLog violations)
            throws InterruptedException {
        violations.add(Invariant.TERMINATED, "threads did not terminate " + TERMINATION_TIMEOUT.toSeconds()
                + " s after the " + plan.ending().name().toLowerCase() + " (" + plan + "): "
                + stuck.size() + " stuck:" + ThreadDump.of(stuck) + channels.debugString());
        channels.cancelQuietly();
        for (Thread t : stuck) {
            t.interrupt();
        }
        List<Thread> still = joinAll(stuck.toArray(new Thread[0]), RELEASE_TIMEOUT);
        if (!still.isEmpty()) {
            violations.add(Invariant.TERMINATED, still.size() + " thread(s) still alive " + RELEASE_TIMEOUT.toSeconds()
                    + " s after a cancel and an interrupt; left behind (they are daemons)");
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
