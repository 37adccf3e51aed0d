package dev.loomchan.internal;

/**
 * One clause of a select, published in a cell as a waiter. Resuming it asks the select to choose this clause
 * ({@link SelectInstance#trySelect}). A fresh registration is made each time a clause is (re-)registered, so a cell
 * never holds a registration the select has moved away from as its current one.
 */
public final class SelectRegistration extends CellWaiter {
    final SelectInstance select;
    /** The index of the clause in its select. */
    final int clause;

    SelectRegistration(SelectInstance select, int clause) {
        this.select = select;
        this.clause = clause;
    }

    @Override
    int resume(Object value) {
        return select.trySelect(this, value);
    }

    @Override
    public String toString() {
        return "SelectClause[" + clause + " of " + select + "]";
    }
}
