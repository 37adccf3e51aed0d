package dev.loomchan.select.support;

import dev.loomchan.SelectClause;

import java.util.List;

/** Lists of clauses for the select entry points that take an array only (selectUnbiased, selectN, selectAll). */
public final class Clauses {
    private Clauses() {
    }

    /** The clauses as the array a varargs entry point takes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <R> SelectClause<R>[] array(List<SelectClause<R>> clauses) {
        return clauses.toArray(new SelectClause[0]);
    }
}
