package dev.loomchan.select;

import dev.loomchan.SelectClause;
import dev.loomchan.internal.SelectClauseImpl;
import dev.loomchan.internal.SelectInstance;
import dev.loomchan.internal.WaitTime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Waits for the first of several channel operations that can complete, performs exactly that one, and returns the
 * value of its block: Kotlin's {@code select} and Go's {@code select}, with blocking semantics.
 *
 * <pre>{@code
 * String what = Select.select(
 *         orders.onReceive(o -> "order " + o),
 *         cancels.onReceive(c -> "cancel " + c),
 *         audit.onSend(event, () -> "audited"),
 *         Select.onTimeout(Duration.ofSeconds(1), () -> "idle"));
 * }</pre>
 *
 * <p>Exactly one clause completes. A receive clause that was not chosen took no element; a send clause that was not
 * chosen sent nothing, and its element stays the caller's. The chosen clause's block runs after the choice, on the
 * calling thread, outside any channel state, so it may use the channels freely. A select tries its clauses in order
 * and registers itself in the cell of each one that cannot complete at once, like a blocked send or receive; as soon
 * as one clause wins it withdraws the registrations it did not use, so a select loop over channels that never fire
 * leaks nothing.
 *
 * <p>{@link #select} is biased: when several clauses can complete at once, the first one in argument order wins.
 * {@link #selectUnbiased} shuffles the clauses first. A closed channel completes its clauses at once: {@code onReceive}
 * throws {@link dev.loomchan.ClosedReceiveChannelException}, {@code onReceiveCatching} receives a closed result,
 * {@code onSend} hands its element to {@code onUndeliveredElement} and throws
 * {@link dev.loomchan.ClosedSendChannelException}; a cancelled channel throws
 * {@link java.util.concurrent.CancellationException}.
 *
 * <p>A select may list the same channel in several clauses of one direction, but not send to and receive from the
 * same channel: such a select could only be matched against itself.
 *
 * <p>{@link #whileSelect}, {@link #selectN} and {@link #selectAll} run selects in rounds. Every runner takes its
 * clauses either as arguments or as a {@link List}, read in list order, for clauses built at run time.
 */
public final class Select {
    private Select() {
    }

    /**
     * Waits until one clause can complete, completes it, and returns its block's value. When several can complete at
     * once, the first listed wins.
     *
     * @throws InterruptedException if interrupted before any clause was chosen; nothing was sent or received
     * @throws IllegalArgumentException if there are no clauses, or a channel is both sent to and received from
     * @throws NullPointerException if the array or a clause is null
     */
    @SafeVarargs
    public static <R> R select(SelectClause<? extends R>... clauses) throws InterruptedException {
        return run(validate(clauses));
    }

    /** {@link #select(SelectClause[])} over a list of clauses, in list order. */
    public static <R> R select(List<? extends SelectClause<? extends R>> clauses) throws InterruptedException {
        return run(validate(clauses));
    }

    /**
     * Like {@link #select(SelectClause[])}, but clauses that can complete at once are chosen among at random, so that
     * a clause that is always ready cannot starve the others.
     */
    @SafeVarargs
    public static <R> R selectUnbiased(SelectClause<? extends R>... clauses) throws InterruptedException {
        return run(shuffle(validate(clauses)));
    }

    /** {@link #selectUnbiased(SelectClause[])} over a list of clauses. */
    public static <R> R selectUnbiased(List<? extends SelectClause<? extends R>> clauses) throws InterruptedException {
        return run(shuffle(validate(clauses)));
    }

    /**
     * Repeats a select over the same clauses while the chosen block returns {@code true}: Kotlin's
     * {@code whileSelect}. A send clause offers the same element every time.
     */
    @SafeVarargs
    public static void whileSelect(SelectClause<Boolean>... clauses) throws InterruptedException {
        loop(validate(clauses));
    }

    /** {@link #whileSelect(SelectClause[])} over a list of clauses. */
    public static void whileSelect(List<? extends SelectClause<Boolean>> clauses) throws InterruptedException {
        loop(validate(clauses));
    }

    /**
     * A clause chosen when {@code timeout} elapses before any other clause is chosen. A zero or negative time-out is
     * chosen at once, as soon as the select reaches it in clause order. With several time-outs, the earliest counts.
     */
    public static <R> SelectClause<R> onTimeout(Duration timeout, Supplier<? extends R> block) {
        long nanos = WaitTime.nanos(timeout);
        Objects.requireNonNull(block, "block");
        return new TimeoutClause<>(nanos, block);
    }

    /** A clause chosen when no other clause can complete at once: the select never waits. */
    public static <R> SelectClause<R> onDefault(Supplier<? extends R> block) {
        return new DefaultClause<>(Objects.requireNonNull(block, "block"));
    }

    /**
     * Completes every channel clause once, in the order they become ready, and returns their blocks' values in that
     * order. Each round is a select over the clauses not completed yet, with the same atomicity: a clause that was not
     * chosen in a round consumed nothing. A time-out counts from the start of the whole call, not from each round, and
     * a time-out or default clause ends the call when chosen: its value comes last, after those of the rounds before.
     *
     * <p>An interrupt while a round waits ends the call with a {@link SelectInterruptedException} whose
     * {@link SelectInterruptedException#results() results()} are the values of the rounds completed before it, so
     * that nothing they received is lost; the waiting round completed nothing. Any other exception of a round (a
     * closed channel, a throwing block) leaves the call as it is: the earlier rounds completed and their blocks ran,
     * but their values are not returned.
     *
     * @throws SelectInterruptedException if interrupted while a round waits; it carries the earlier rounds' values
     * @throws IllegalArgumentException if there is no channel clause (only time-outs and defaults), or see
     *                                  {@link #select(SelectClause[])}
     * @throws NullPointerException if the array or a clause is null
     */
    @SafeVarargs
    public static <R> List<R> selectAll(SelectClause<? extends R>... clauses) throws SelectInterruptedException {
        return selectEvery(validate(clauses));
    }

    /** {@link #selectAll(SelectClause[])} over a list of clauses, in list order. */
    public static <R> List<R> selectAll(List<? extends SelectClause<? extends R>> clauses)
            throws SelectInterruptedException {
        return selectEvery(validate(clauses));
    }

    /**
     * Completes the first {@code n} channel clauses to become ready and withdraws the rest without consuming anything
     * (a quorum read: the first {@code n} of {@code m} replicas answer). Returns the blocks' values in completion
     * order. Rounds, time-outs, defaults, interrupts and exceptions work as in {@link #selectAll(SelectClause[])}: a
     * time-out counts from the start of the call and, like a default, ends it early with its value last; an interrupt
     * throws a {@link SelectInterruptedException} that carries the values of the rounds completed before it.
     *
     * @throws SelectInterruptedException if interrupted while a round waits; it carries the earlier rounds' values
     * @throws IllegalArgumentException if {@code n} is not between 1 and the number of channel clauses, or see
     *                                  {@link #select(SelectClause[])}
     * @throws NullPointerException if the array or a clause is null
     */
    @SafeVarargs
    public static <R> List<R> selectN(int n, SelectClause<? extends R>... clauses) throws SelectInterruptedException {
        return selectFirst(n, validate(clauses));
    }

    /** {@link #selectN(int, SelectClause[])} over a list of clauses, in list order. */
    public static <R> List<R> selectN(int n, List<? extends SelectClause<? extends R>> clauses)
            throws SelectInterruptedException {
        return selectFirst(n, validate(clauses));
    }

    private static void loop(SelectClauseImpl<?>[] clauses) throws InterruptedException {
        while (Boolean.TRUE.equals(run(clauses))) {
            // next round
        }
    }

    private static <R> List<R> selectEvery(SelectClauseImpl<?>[] clauses) throws SelectInterruptedException {
        int m = countChannelClauses(clauses);
        if (m == 0) {
            throw new IllegalArgumentException("selectAll needs at least one channel clause");
        }
        return repeat("selectAll", m, clauses);
    }

    private static <R> List<R> selectFirst(int n, SelectClauseImpl<?>[] clauses) throws SelectInterruptedException {
        int m = countChannelClauses(clauses);
        if (n < 1 || n > m) {
            throw new IllegalArgumentException("selectN: n must be between 1 and the number of channel clauses ("
                    + m + "), was " + n);
        }
        return repeat("selectN", n, clauses);
    }

    /**
     * Runs rounds of selects until {@code n} channel clauses completed, or a time-out or default clause; an interrupt
     * throws the values of the completed rounds with it.
     */
    private static <R> List<R> repeat(String operation, int n, SelectClauseImpl<?>[] clauses)
            throws SelectInterruptedException {
        List<SelectClauseImpl<?>> remaining = new ArrayList<>(List.of(clauses));
        List<R> results = new ArrayList<>(n);
        long start = System.nanoTime();
        while (results.size() < n) {
            SelectClauseImpl<?>[] round = remaining.toArray(new SelectClauseImpl<?>[0]);
            long elapsed = System.nanoTime() - start;
            for (int i = 0; i < round.length; i++) {
                if (round[i] instanceof TimeoutClause<?> timeout) {
                    round[i] = timeout.after(elapsed); // time-outs count from the start, not from each round
                }
            }
            SelectInstance select = new SelectInstance(round);
            int chosen;
            try {
                chosen = select.run();
            } catch (InterruptedException interrupt) {
                throw new SelectInterruptedException(operation, n, results, interrupt);
            }
            SelectClauseImpl<?> clause = round[chosen];
            results.add(complete(clause, select.result()));
            if (clause.isDefault() || clause.timeoutNanos() >= 0) {
                break;
            }
            remaining.remove(chosen);
        }
        return results;
    }

    private static <R> R run(SelectClauseImpl<?>[] clauses) throws InterruptedException {
        SelectInstance select = new SelectInstance(clauses);
        int chosen = select.run();
        return complete(clauses[chosen], select.result());
    }

    @SuppressWarnings("unchecked")
    private static <R> R complete(SelectClauseImpl<?> clause, Object result) {
        return (R) clause.complete(result);
    }

    private static SelectClauseImpl<?>[] validate(List<? extends SelectClause<?>> clauses) {
        return validate(Objects.requireNonNull(clauses, "clauses").toArray(new SelectClause<?>[0]));
    }

    private static SelectClauseImpl<?>[] validate(SelectClause<?>[] clauses) {
        Objects.requireNonNull(clauses, "clauses");
        if (clauses.length == 0) {
            throw new IllegalArgumentException("select needs at least one clause");
        }
        SelectClauseImpl<?>[] checked = new SelectClauseImpl<?>[clauses.length];
        for (int i = 0; i < clauses.length; i++) {
            SelectClause<?> c = clauses[i];
            if (c == null) {
                throw new NullPointerException("select clause " + i + " is null");
            }
            if (!(c instanceof SelectClauseImpl<?> impl)) {
                throw new IllegalArgumentException("select clause " + i + " (" + c.getClass().getName()
                        + ") was not made by a loomchan channel or by Select");
            }
            checked[i] = impl;
        }
        for (int i = 0; i < checked.length; i++) {
            Object channel = checked[i].channel();
            for (int j = i + 1; channel != null && j < checked.length; j++) {
                if (checked[j].channel() == channel && checked[j].isSend() != checked[i].isSend()) {
                    throw new IllegalArgumentException("select clauses " + i + " and " + j + " both send to and receive"
                            + " from " + channel + ": a select cannot be matched against itself");
                }
            }
        }
        return checked;
    }

    private static int countChannelClauses(SelectClauseImpl<?>[] clauses) {
        int m = 0;
        for (SelectClauseImpl<?> c : clauses) {
            if (!c.isDefault() && c.timeoutNanos() < 0) {
                m++;
            }
        }
        return m;
    }

    /** Shuffles {@code clauses} in place (Fisher-Yates) and returns them. */
    private static SelectClauseImpl<?>[] shuffle(SelectClauseImpl<?>[] clauses) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = clauses.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            SelectClauseImpl<?> t = clauses[i];
            clauses[i] = clauses[j];
            clauses[j] = t;
        }
        return clauses;
    }
}
