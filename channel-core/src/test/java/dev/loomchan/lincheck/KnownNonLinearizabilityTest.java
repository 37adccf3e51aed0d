package dev.loomchan.lincheck;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three known limits, all inherited from Kotlin's algorithm, pinned as the counterexamples Lincheck found: each test
 * passes while the engine behaves so, and fails (telling us to widen the Lincheck suite) the day it does not.
 *
 * <p>All come from the counters lagging behind the cells: a send decides "full" from S, R and B. A send that has taken
 * a cell with its fetch-and-add but not yet written it counts as an occupant of the buffer; a cell that
 * {@code hasElements} (isEmpty) has poisoned counts as an occupant until it moves R and B past it. When such a cell
 * then fails, no sequential order explains the "full" somebody concluded from it. No element is lost or duplicated:
 * the effect is a spurious "full", which DROP_LATEST turns into a spurious drop.
 */
@Tag("lincheck")
class KnownNonLinearizabilityTest {

    /** buffered(1) with trySend among its operations. */
    public static final class Buffered1WithTrySend extends WithTrySend {
        public Buffered1WithTrySend() {
            super(ChannelModel.Buffered1.class);
        }
    }

    /**
     * On {@code buffered(1)}: {@code send(1)} takes cell 0 (S = 1) and is descheduled before writing;
     * {@code trySend(1)} sees S = 1 = B and reports that it would wait; {@code cancel} seals cell 0; the send finds it
     * closed and throws CancellationException. The buffer was never full, since the only other send did not happen
     * before the cancel. Kotlin's own Lincheck test leaves trySend out of BufferedChannel's operations for this kind
     * of reason.
     */
    @Test
    void trySendFailsForABufferThatOnlyLooksFull() {
        LincheckAssertionError error = assertThrows(LincheckAssertionError.class, () ->
                CustomScenario.of(Buffered1WithTrySend.class)
                        .thread("send", 1)
                        .thread("trySend", 1).then("cancel", 2)
                        .post("undeliveredElements")
                        .modelCheck(ChannelModel.Buffered1.class, 10_000));

        String report = report("trySend", error);
        assertTrue(report.contains("trySend(1): failed"), report);
        assertTrue(report.contains("send(1): Cancelled(2)"), report);
    }

    /**
     * On {@code buffered(1, DROP_LATEST)}: {@code send(1)} takes cell 0 and is descheduled before writing;
     * {@code trySend(2)} sees the buffer full and drops 2 (to onUndeliveredElement); {@code isEmpty()} finds cell 0
     * still empty with S > R and poisons it; the send retries in cell 1 and buffers 1. So 2 was dropped while, in
     * every sequential order, the buffer had room for it (isEmpty, after it, says the channel was empty).
     * Kotlin's DROP_LATEST send is the same trySend, and its Lincheck tests do not cover DROP_LATEST.
     */
    @Test
    void dropLatestDropsForABufferThatOnlyLooksFull() {
        LincheckAssertionError error = assertThrows(LincheckAssertionError.class, () ->
                CustomScenario.of(DropLatestChannelLincheckTest.class)
                        .thread("send", 1)
                        .thread("trySend", 2).then("isEmpty")
                        .post("tryReceive").post("undeliveredElements")
                        .modelCheck(ChannelModel.DropLatest1.class, 10_000));

        String report = report("DROP_LATEST", error);
        assertTrue(report.contains("send(1): ok"), report);
        assertTrue(report.contains("trySend(2): ok"), report);
        assertTrue(report.contains("isEmpty(): true"), report);
        assertTrue(report.contains("tryReceive(): 1"), report);
    }

    private static String report(String what, LincheckAssertionError error) {
        String report = error.getMessage();
        System.out.println("Known non-linearizable " + what + ", as Lincheck reports it:\n"
                + String.join("\n", report.lines().limit(14).toList()));
        assertTrue(report.contains("Invalid execution results"), report);
        return report;
    }

    /**
     * On {@code buffered(1, DROP_LATEST)}, with a single producer: {@code send(3)} takes cell 0 and is descheduled
     * before writing; {@code isEmpty()} finds cell 0 empty with R < S, poisons it and is descheduled before it moves
     * B (expandBuffer) and R past it; the send retries in cell 1, sees {@code 1 < B = 1} and {@code 1 < R + 1 = 1}
     * both false, and drops 3 although the channel is empty. {@code isEmpty} then finishes, and the channel stays
     * empty.
     */
    @Test
    void dropLatestDropsIntoAnEmptyChannelWhileIsEmptyPoisonsACell() {
        LincheckAssertionError error = assertThrows(LincheckAssertionError.class, () ->
                CustomScenario.of(DropLatestChannelLincheckTest.class)
                        .thread("send", 3)
                        .thread("isEmpty")
                        .post("tryReceive").post("undeliveredElements")
                        .modelCheck(ChannelModel.DropLatest1.class, 10_000));

        String report = report("DROP_LATEST with one producer", error);
        assertTrue(report.contains("send(3): ok"), report);
        assertTrue(report.contains("tryReceive(): failed"), report);
        assertTrue(report.contains("undeliveredElements(): [3]"), report);
    }
}
