package dev.loomchan.stress;

/**
 * What one round did, for the per-kind totals.
 *
 * @param nanos       wall-clock time from the start signal until every worker ended (or the watchdog gave up)
 * @param operations  channel operations attempted by the workers
 * @param selects     how many of them were selects
 * @param interrupts  InterruptedExceptions the workers caught
 * @param totals      the balanced books, or {@code null} when the round was abandoned because threads hung
 */
record RoundResult(long nanos, long operations, long selects, long interrupts, RoundLedger.Totals totals) {
}
