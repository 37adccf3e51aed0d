package dev.loomchan.select.properties;

import dev.loomchan.Channel;
import dev.loomchan.select.support.Deliveries.Item;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadDump;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Scenario} on real threads: starts the consumers and producers and an interrupter, closes or cancels
 * every channel when the scenario says, waits a bounded time for every thread to end (failing with a thread dump and
 * the channels' cell dumps if one does not), and hands the books to {@link Ledger#check}.
 */
final class ScenarioRun {
    /** Generous bound for one run to finish; a run normally takes a few milliseconds. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Scenario s;
    private final Ledger ledger;
    private final List<Channel<Item>> channels = new ArrayList<>();
    private final List<SelectingConsumer> selectors = new ArrayList<>();
    private volatile boolean stopInterrupting;
    private Thread interrupter;

    ScenarioRun(Scenario s) {
        this.s = s;
        this.ledger = new Ledger(s);
        for (int j = 0; j < s.channels().size(); j++) {
            channels.add(s.channels().get(j).create(ledger.undeliveredHandler(j)));
        }
    }

    void execute() throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        List<Thread> producers = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        List<List<Integer>> selectorChannels = channelsOfSelectors();
        for (int c = 0; c < s.selectors(); c++) {
            SelectingConsumer selector = new SelectingConsumer(c, selectorChannels.get(c), channels, ledger);
            selectors.add(selector);
            consumers.add(s.threads().start("selector-" + c, selector));
        }
        for (int c = s.selectors(); c < s.consumers(); c++) {
            consumers.add(s.threads().start("consumer-" + c, new PlainConsumer(c, channels, ledger)));
        }
        for (int p = 0; p < s.producers(); p++) {
            producers.add(s.threads().start("producer-" + p, new Producer(p, s, channels, ledger)));
        }
        List<Thread> all = new ArrayList<>(consumers);
        all.addAll(producers);
        startInterrupter(all);
        try {
            end(producers, consumers, deadline);
            ThreadDump.joinAll(all, deadline, channels());
        } catch (AssertionError stuck) {
            Thread.ofPlatform().daemon(true).name("release").start(() -> channels.forEach(Channel::cancel));
            throw new AssertionError("scenario " + s + ": " + stuck.getMessage(), stuck);
        } finally {
            stopInterrupter();
        }
        ledger.check(channels);
        ledger.collectStatistics();
    }

    /** Each selector listens to a random non-empty set of channels; together they listen to every channel. */
    private List<List<Integer>> channelsOfSelectors() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<List<Integer>> sets = new ArrayList<>();
        for (int c = 0; c < s.selectors(); c++) {
            sets.add(new ArrayList<>());
        }
        for (int j = 0; j < channels.size(); j++) {
            sets.get(j % s.selectors()).add(j);
        }
        for (List<Integer> set : sets) {
            for (int j = 0; j < channels.size(); j++) {
                if (!set.contains(j) && (set.isEmpty() || rnd.nextBoolean())) {
                    set.add(j);
                }
            }
        }
        return sets;
    }

    /**
     * Closes or cancels every channel once the producers have attempted the scenario's share of their sends. When the
     * channels are closed after the producers, the consumers first wait for more, and the registrations are counted
     * then (see {@link #checkRegistrationsOfWaitingSelects}).
     */
    private void end(List<Thread> producers, List<Thread> consumers, long deadline) throws InterruptedException {
        if (s.ending() == Scenario.Ending.CLOSE_AFTER_PRODUCERS) {
            ThreadDump.joinAll(producers, deadline, channels());
            stopInterrupter();
            checkRegistrationsOfWaitingSelects(consumers, deadline);
            channels.forEach(Channel::close);
            return;
        }
        int threshold = (int) ((long) s.producers() * s.perProducer() * s.endAtPercent() / 100);
        while (ledger.attempts() < threshold && producers.stream().anyMatch(Thread::isAlive)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the producers stalled after " + ledger.attempts() + " sends"
                        + ThreadDump.of(producers) + ThreadDump.channels(channels()));
            }
            LockSupport.parkNanos(20_000);
        }
        if (s.ending() == Scenario.Ending.CANCEL_EARLY) {
            channels.forEach(Channel::cancel);
        } else {
            channels.forEach(Channel::close);
        }
    }

    /**
     * With the producers done and no more interrupts, every consumer ends up parked on a waiter nobody has claimed: the
     * plain ones in a receive, the selectors in a select without time-out, which has registered all its clauses.
     * Nothing can change then until the channels are closed. Each channel must hold exactly the registrations of the
     * selects now waiting: any other would be one that a finished select (a producer's, or an earlier one of a
     * selector) failed to withdraw, and a missing one a select waiting where it cannot be found.
     */
    private void checkRegistrationsOfWaitingSelects(List<Thread> consumers, long deadline) {
        while (!consumers.stream().allMatch(ScenarioRun::parkedUnclaimed)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the consumers never all waited" + ThreadDump.of(consumers)
                        + ThreadDump.channels(channels()));
            }
            Thread.yield();
        }
        for (int j = 0; j < channels.size(); j++) {
            int expected = 0;
            for (SelectingConsumer selector : selectors) {
                expected += selector.clausesOn(j);
            }
            int found = Registrations.in(channels.get(j));
            if (found != expected) {
                throw new AssertionError("channel " + j + " holds " + found + " select registrations,"
                        + " but the waiting selects registered " + expected + ThreadDump.of(consumers)
                        + ThreadDump.channels(channels()));
            }
        }
    }

    /**
     * True if {@code t} is parked on an engine waiter that no partner has claimed yet. (A thread whose waiter was
     * claimed still shows WAITING until it is scheduled again, which on a loaded machine may take a while.) The
     * waiter's state is read from its {@code toString()}, the one view of it the engine gives outside its package.
     */
    private static boolean parkedUnclaimed(Thread t) {
        Object blocker = LockSupport.getBlocker(t);
        return t.getState() == Thread.State.WAITING && blocker != null && blocker.toString().endsWith(", PARKED]");
    }

    private Channel<?>[] channels() {
        return channels.toArray(new Channel<?>[0]);
    }

    private void startInterrupter(List<Thread> targets) {
        if (s.interruptPauseMicros() == 0) {
            return;
        }
        long meanPauseNanos = s.interruptPauseMicros() * 1000L;
        interrupter = Thread.ofPlatform().daemon(true).name("interrupter").start(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stopInterrupting) {
                targets.get(rnd.nextInt(targets.size())).interrupt();
                LockSupport.parkNanos(rnd.nextLong(1, 2 * meanPauseNanos));
            }
        });
    }

    private void stopInterrupter() throws InterruptedException {
        stopInterrupting = true;
        if (interrupter != null) {
            interrupter.join();
        }
    }
}
