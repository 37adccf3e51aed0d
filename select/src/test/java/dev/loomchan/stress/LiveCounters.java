package dev.loomchan.stress;

import java.util.concurrent.atomic.LongAdder;

/** Running totals for one kind, bumped by the workers as they go and read by the progress line. */
final class LiveCounters {
    final LongAdder operations = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder undelivered = new LongAdder();
    final LongAdder selects = new LongAdder();
    final LongAdder interrupts = new LongAdder();
}
