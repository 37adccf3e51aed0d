package dev.loomchan.stress;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * What producers and consumers share: the round's channels, a start signal, random interruptions and pauses, the
 * choice between a plain operation and a select, and the bookkeeping of operations, selects, interrupts and
 * unexpected exceptions.
 */
abstract class Worker implements Runnable {
    protected final RoundChannels channels;
    protected final SplittableRandom random;
    protected final LiveCounters live;
    protected final ViolationLog violations;
    protected final String name;
    protected final CloseContract contract;
    private final CountDownLatch start;
    private final Interrupter interrupter;
    private final double selectRate;
    private final double pause;
    private long operations;
    private long selects;
    private long interrupts;

    Worker(String name, long seed, double pause, RoundContext round) {
        this.name = name;
        this.random = new SplittableRandom(seed);
        this.pause = pause;
        this.channels = round.channels();
        this.contract = round.contract();
        this.start = round.start();
        this.interrupter = round.interrupter();
        this.selectRate = round.selectRate();
        this.live = round.live();
        this.violations = round.violations();
    }

    @Override
    public final void run() {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            work();
        } catch (Throwable t) {
            unexpected("outside any operation", t);
        }
    }

    /** Runs operations until the worker sees the channel closed. */
    protected abstract void work();

    /** Called before each operation: counts it, and maybe interrupts someone, yields or pauses. */
    protected final void beforeOperation() {
        operations++;
        live.operations.increment();
        interrupter.maybeInterrupt(random);
        if (pause > 0 && random.nextDouble() < pause) {
            LockSupport.parkNanos(10_000 + random.nextInt(190_000));
        } else if ((random.nextInt() & 63) == 0) {
            Thread.yield();
        }
    }

    /** Decides whether the next operation is a select, and counts it if so. */
    protected final boolean nextIsSelect() {
        if (selectRate > 0 && random.nextDouble() < selectRate) {
            selects++;
            live.selects.increment();
            return true;
        }
        return false;
    }

    protected final void interrupted() {
        interrupts++;
        live.interrupts.increment();
    }

    protected final void unexpected(String during, Throwable t) {
        violations.add(Invariant.ERRORS, name + ": " + during + " threw " + t + stackTop(t));
    }

    /** Records {@code breach} of the close contract, if there is one (checked with {@link CloseContract#check}). */
    protected final void closeReported(String breach) {
        String b = contract.check(breach);
        if (b != null) {
            violations.add(Invariant.ERRORS, name + ": " + b);
        }
    }

    private static String stackTop(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(6, st.length); i++) {
            sb.append("\n        at ").append(st[i]);
        }
        return sb.toString();
    }

    long operations() {
        return operations;
    }

    long selects() {
        return selects;
    }

    long interrupts() {
        return interrupts;
    }
}
