package dev.loomchan.lincheck;

import dev.loomchan.internal.BufferedChannel;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shows that the Lincheck suite has teeth. Runs only in the Maven profile {@code lincheck-teeth}, which compiles a
 * copy of {@link BufferedChannel} in which a receiver poisons a cell with an unconditional swap instead of a CAS
 * ({@code EMPTY/IN_BUFFER -> POISONED}), ahead of the real engine on the class path. A receiver that found the cell
 * empty while its sender was on the way then overwrites the element the sender has just buffered: the send reports
 * success and the element is neither received nor handed to onUndeliveredElement. The everyday model checking of
 * {@code buffered(1)} with one send, one tryReceive and one cancel must report it: this test passes only when Lincheck
 * fails. (The everyday random search, 30 scenarios of 300 interleavings, did not stumble on this two-switch race; the
 * scenario here is the smallest that contains it, and the model checker explores it in depth.)
 *
 * <p>(A first candidate, a receiver taking a {@code BUFFERED} element without CAS, turned out to be harmless and
 * Lincheck rightly accepted it: the receiver owns that cell once R has passed it, so nobody competes for it.)
 */
@Tag("lincheck-teeth")
class BrokenEngineTeeth {

    @Test
    void theModelCheckerCatchesAReceiverThatPoisonsACellWithoutCas() {
        String engine = BufferedChannel.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(engine.endsWith("test-classes/"), "the broken engine is not on the class path; engine from " + engine);

        LincheckAssertionError caught = assertThrows(LincheckAssertionError.class, () ->
                CustomScenario.of(Buffered1ChannelLincheckTest.class)
                        .thread("send", 1)
                        .thread("tryReceive")
                        .thread("cancel", 1)
                        .post("undeliveredElements")
                        .modelCheck(ChannelModel.Buffered1.class, 20_000));

        System.out.println("Lincheck on the broken engine (expected to fail):\n" + caught.getMessage());
        assertTrue(caught.getMessage().contains("Invalid execution results"), caught.getMessage());
    }
}
