package dev.loomchan.lincheck;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A known limit, inherited from Kotlin's algorithm (whose Lincheck tests leave trySend out for the same reason): on a
 * channel whose sends may wait, {@code trySend} is not linearizable. This test pins the counterexample Lincheck found,
 * so that it fails, and tells us, the day the engine makes trySend linearizable.
 *
 * <p>On {@code buffered(1)}: a {@code send(1)} takes cell 0 (S = 1) and is descheduled before writing; a
 * {@code trySend(1)} then sees S = 1 = B and reports that it would wait; {@code cancel} seals cell 0; the send finds it
 * closed and throws CancellationException, its element going to onUndeliveredElement. No sequential order explains
 * the trySend failure: the buffer was never full, since the only other send did not happen before the cancel.
 */
class TrySendLinearizabilityTest {

    /** buffered(1) with trySend among its operations. */
    public static final class Buffered1WithTrySend extends WithTrySend {
        public Buffered1WithTrySend() {
            super(ChannelModel.Buffered1.class);
        }
    }

    @Test
    void trySendFailsBecauseOfASendThatACancelThenFails() {
        LincheckAssertionError error = assertThrows(LincheckAssertionError.class, () ->
                CustomScenario.of(Buffered1WithTrySend.class)
                        .thread("send", 1)
                        .thread("trySend", 1).then("cancel", 2)
                        .post("undeliveredElements")
                        .modelCheck(ChannelModel.Buffered1.class, 10_000));

        String report = error.getMessage();
        System.out.println("Known non-linearizable trySend, as Lincheck reports it:\n"
                + String.join("\n", report.lines().limit(12).toList()));
        assertTrue(report.contains("Invalid execution results"), report);
        assertTrue(report.contains("trySend(1): failed"), report);
        assertTrue(report.contains("send(1): Cancelled(2)"), report);
    }
}
