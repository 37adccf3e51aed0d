package dev.loomchan.select;

import dev.loomchan.internal.SelectClauseImpl;
import dev.loomchan.internal.SelectRegistration;

import java.util.function.Supplier;

/** {@link Select#onDefault}: chosen when no other clause can complete at once. */
final class DefaultClause<R> extends SelectClauseImpl<R> {
    private final Supplier<? extends R> block;

    DefaultClause(Supplier<? extends R> block) {
        this.block = block;
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public Object register(SelectRegistration registration) {
        throw new AssertionError("the default clause is never registered in a channel");
    }

    @Override
    public R complete(Object result) {
        return block.get();
    }
}
