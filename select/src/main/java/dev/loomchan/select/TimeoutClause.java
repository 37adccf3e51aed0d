package dev.loomchan.select;

import dev.loomchan.internal.SelectClauseImpl;
import dev.loomchan.internal.SelectRegistration;

import java.util.function.Supplier;

/** {@link Select#onTimeout}: chosen when its time-out elapses before any other clause is chosen. */
final class TimeoutClause<R> extends SelectClauseImpl<R> {
    private final long nanos;
    private final Supplier<? extends R> block;

    TimeoutClause(long nanos, Supplier<? extends R> block) {
        this.nanos = nanos;
        this.block = block;
    }

    /** The same clause with {@code elapsed} nanoseconds of its time-out used up (for repeated selects). */
    TimeoutClause<R> after(long elapsed) {
        return new TimeoutClause<>(Math.max(0L, nanos - elapsed), block);
    }

    @Override
    public long timeoutNanos() {
        return nanos;
    }

    @Override
    public Object register(SelectRegistration registration) {
        throw new AssertionError("a time-out clause is never registered in a channel");
    }

    @Override
    public R complete(Object result) {
        return block.get();
    }
}
