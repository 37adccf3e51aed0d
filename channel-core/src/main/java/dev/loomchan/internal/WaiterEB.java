package dev.loomchan.internal;

/**
 * A waiter that expandBuffer passed over while a receiver had already claimed a later cell: the cell is part of the
 * buffer now, and whoever resumes the waiter must know that expandBuffer still owes a step if the resumption fails.
 * Kotlin: {@code WaiterEB}. Allocated only on that rare path.
 */
final class WaiterEB {
    final CellWaiter waiter;

    WaiterEB(CellWaiter waiter) {
        this.waiter = waiter;
    }

    @Override
    public String toString() {
        return "EB(" + waiter + ")";
    }
}
