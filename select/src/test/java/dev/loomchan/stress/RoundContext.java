package dev.loomchan.stress;

import java.util.concurrent.CountDownLatch;

/**
 * What every worker of a round shares.
 *
 * @param channels    the round's channels
 * @param start       counted down once every worker has started
 * @param interrupter the round's random interruptions
 * @param contract    what operations must report once the channels are closed or cancelled
 * @param selectRate  probability, per operation, that a worker sends or receives through a select
 * @param live        the kind's running totals
 * @param violations  where the round's broken invariants go
 */
record RoundContext(RoundChannels channels, CountDownLatch start, Interrupter interrupter, CloseContract contract,
                    double selectRate, LiveCounters live, ViolationLog violations) {
}
