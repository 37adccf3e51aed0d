package dev.loomchan.cancellation;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

/**
 * Time limits for a block of code run on the calling thread, as Kotlin's {@code withTimeout} and
 * {@code withTimeoutOrNull}. At the deadline the calling thread is interrupted, so whatever it is blocked in (a channel
 * operation, a select, a join, a sleep) throws {@link InterruptedException} and the body unwinds; the call then
 * reports the time-out.
 *
 * <p>The deadline's interrupt never outlives the call: when the call returns or throws, the thread's interrupt flag is
 * as the body and other threads left it, without the deadline's contribution. An interrupt sent by anyone else is
 * never turned into a time-out: it surfaces as the body's {@link InterruptedException}, or stays set on the thread.
 * Nested time-outs keep their interrupts apart; when several fire, the outermost one is the one reported. The only
 * exception, which no code can avoid with one interrupt flag per thread: an interrupt that arrives while the
 * deadline's own interrupt is still pending merges with it. See {@code docs/cancellation.md} for the races.
 */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * Runs {@code body} on the calling thread; if it has not finished by {@code timeout}, interrupts it and throws
     * {@link TimeoutException}.
     *
     * <p>If the deadline passed, the call throws {@code TimeoutException} even if the body then returned normally (it
     * saw the interrupt and gave up, or finished as the deadline came); only a body exception other than the
     * deadline's {@link InterruptedException} is rethrown instead. A zero timeout throws at once without running the
     * body.
     *
     * @return the body's value
     * @throws TimeoutException if the deadline passed
     * @throws InterruptedException if the thread was interrupted by someone other than the deadline
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is null
     * @throws Exception whatever the body throws
     */
    public static <T> T withTimeout(Duration timeout, Callable<? extends T> body) throws Exception {
        Outcome<T> outcome = runWithDeadline(timeout, body);
        if (outcome.timedOut()) {
            TimeoutException e = new TimeoutException("timed out after " + timeout);
            if (outcome.failure() != null) {
                e.initCause(outcome.failure());
            }
            throw e;
        }
        return outcome.valueOrThrow();
    }

    /**
     * Like {@link #withTimeout}, but returns {@code null} when the deadline passes. A time-out of an inner
     * {@code withTimeout} is the body's exception and is rethrown, not turned into {@code null}.
     *
     * @return the body's value, or {@code null} if the deadline passed
     * @throws InterruptedException if the thread was interrupted by someone other than the deadline
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is null
     * @throws Exception whatever the body throws
     */
    public static <T> T withTimeoutOrNull(Duration timeout, Callable<? extends T> body) throws Exception {
        Outcome<T> outcome = runWithDeadline(timeout, body);
        return outcome.timedOut() ? null : outcome.valueOrThrow();
    }

    private static <T> Outcome<T> runWithDeadline(Duration timeout, Callable<? extends T> body) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(body, "body");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        if (timeout.isZero()) {
            return new Outcome<>(null, null, true);
        }
        InterruptFrame frame = InterruptFrame.enter();
        ScheduledFuture<?> alarm;
        try {
            alarm = DeadlineTimer.schedule(frame::fire, saturatedNanos(timeout));
        } catch (RuntimeException | Error e) {
            frame.exit(false);
            throw e;
        }
        T value = null;
        Throwable failure = null;
        try {
            value = body.call();
        } catch (Throwable t) {
            failure = t;
        }
        alarm.cancel(false);
        boolean bodyInterrupted = failure instanceof InterruptedException;
        return switch (frame.exit(bodyInterrupted)) {
            // The deadline did not end the body (or an enclosing one did, and reports it): the outcome is the body's.
            case NOT_FIRED, ENCLOSING_FIRED -> new Outcome<>(value, failure, false);
            // The deadline's interrupt ended the body, unless the body failed otherwise.
            case FIRED -> new Outcome<>(null, failure, failure == null || bodyInterrupted);
            // Someone else interrupted too: their InterruptedException (or any other failure) wins over the
            // time-out; a body that returned anyway is timed out, with the other interrupt left set on the thread.
            case FIRED_AND_INTERRUPTED_ELSEWHERE -> new Outcome<>(null, failure, failure == null);
        };
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * What a timed body came to: a value, a failure to rethrow, or a time-out (with the deadline's
     * {@link InterruptedException} as {@code failure}, if the body threw it).
     */
    private record Outcome<T>(T value, Throwable failure, boolean timedOut) {
        T valueOrThrow() throws Exception {
            if (failure != null) {
                throw Throwables.rethrow(failure);
            }
            return value;
        }
    }
}
