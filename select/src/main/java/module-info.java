/**
 * Select over channel operations: {@link dev.loomchan.select.Select}. Builds on the channel engine, in whose cells a
 * select registers its clauses as waiters.
 */
module dev.loomchan.select {
    requires transitive dev.loomchan.core;
    exports dev.loomchan.select;
}
