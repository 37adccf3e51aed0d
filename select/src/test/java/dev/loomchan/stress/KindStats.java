package dev.loomchan.stress;

import dev.loomchan.support.ChannelKind;

/** The totals of every round of one kind, and what went wrong in them. */
final class KindStats {
    final ChannelKind kind;
    final ViolationLog violations = new ViolationLog();
    long nanos;
    long operations;
    long selects;
    long sent;
    long abandoned;
    long kept;
    long received;
    long undelivered;
    long rounds;
    long hungRounds;
    long interrupts;

    KindStats(ChannelKind kind) {
        this.kind = kind;
    }

    void add(RoundResult r) {
        rounds++;
        nanos += r.nanos();
        operations += r.operations();
        selects += r.selects();
        interrupts += r.interrupts();
        RoundLedger.Totals t = r.totals();
        if (t == null) {
            hungRounds++;
            return;
        }
        sent += t.sent();
        abandoned += t.abandoned();
        kept += t.kept();
        received += t.received();
        undelivered += t.undelivered();
    }

    double operationsPerSecond() {
        return nanos == 0 ? 0 : operations * 1e9 / nanos;
    }

    boolean passed() {
        return violations.allPassed();
    }
}
