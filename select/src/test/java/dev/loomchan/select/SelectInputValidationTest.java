package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.SelectClause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input is rejected before anything happens, with a message that says what is wrong: no clauses, a null clause
 * (and which one), {@code n} out of range (and the range), a select that sends to and receives from one channel.
 * (The reliability tests check the exception types of the same and more misuse; these check the words.)
 */
class SelectInputValidationTest {
    private final Channel<String> ch = Channel.buffered(4);
    private final SelectClause<String> receive = ch.onReceive(v -> v);
    private final SelectClause<String> timeout = Select.onTimeout(Duration.ZERO, () -> "t");

    @Test
    void aSelectNeedsAtLeastOneClause() {
        String message = "select needs at least one clause";
        assertMessage(IllegalArgumentException.class, message, () -> Select.select());
        assertMessage(IllegalArgumentException.class, message, () -> Select.select(List.of()));
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectUnbiased());
        assertMessage(IllegalArgumentException.class, message, () -> Select.whileSelect());
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectN(1));
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectAll());
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectUnbiased(List.of()));
        assertMessage(IllegalArgumentException.class, message, () -> Select.whileSelect(List.of()));
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectN(1, List.of()));
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectAll(List.of()));
    }

    /** selectAll completes every channel clause: with none, there is nothing to complete, and that is a mistake. */
    @Test
    void selectAllNeedsAChannelClause() {
        String message = "selectAll needs at least one channel clause";
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectAll(timeout));
        assertMessage(IllegalArgumentException.class, message, () -> Select.selectAll(List.of(timeout)));
        assertMessage(IllegalArgumentException.class, message,
                () -> Select.selectAll(Select.onDefault(() -> "d"), timeout));
    }

    @Test
    void aNullClauseIsNamedByItsPosition() {
        assertMessage(NullPointerException.class, "select clause 1 is null", () -> Select.select(receive, null));
        assertMessage(NullPointerException.class, "select clause 0 is null",
                () -> Select.select(Arrays.asList(null, receive)));
        assertMessage(NullPointerException.class, "select clause 2 is null", () -> Select.selectN(1, receive, timeout, null));
        assertMessage(NullPointerException.class, "select clause 1 is null",
                () -> Select.selectUnbiased(Arrays.asList(receive, null)));
        assertMessage(NullPointerException.class, "select clause 1 is null",
                () -> Select.selectN(1, Arrays.asList(receive, null)));
        assertMessage(NullPointerException.class, "select clause 1 is null",
                () -> Select.selectAll(Arrays.asList(receive, null)));
        assertMessage(NullPointerException.class, "select clause 0 is null",
                () -> Select.whileSelect(Collections.<SelectClause<Boolean>>singletonList(null)));
        assertMessage(NullPointerException.class, "clauses", () -> Select.select((List<SelectClause<String>>) null));
        assertMessage(NullPointerException.class, "clauses",
                () -> Select.selectUnbiased((List<SelectClause<String>>) null));
        assertMessage(NullPointerException.class, "clauses", () -> Select.whileSelect((List<SelectClause<Boolean>>) null));
        assertMessage(NullPointerException.class, "clauses", () -> Select.selectN(1, (List<SelectClause<String>>) null));
        assertMessage(NullPointerException.class, "clauses", () -> Select.selectAll((List<SelectClause<String>>) null));
    }

    @Test
    void nMustBeBetweenOneAndTheNumberOfChannelClauses() {
        SelectClause<String> other = Channel.<String>rendezvous().onReceive(v -> v);
        for (int n : new int[]{0, 3, -1}) {
            assertMessage(IllegalArgumentException.class,
                    "selectN: n must be between 1 and the number of channel clauses (2), was " + n,
                    () -> Select.selectN(n, receive, other, timeout));
            assertMessage(IllegalArgumentException.class,
                    "selectN: n must be between 1 and the number of channel clauses (2), was " + n,
                    () -> Select.selectN(n, List.of(receive, other, timeout)));
        }
    }

    @Test
    void aSelectMayNotSendToAndReceiveFromOneChannel() {
        assertMessage(IllegalArgumentException.class, "select clauses 0 and 2 both send to and receive from",
                () -> Select.select(receive, timeout, ch.onSend("x", () -> "sent")));
    }

    @Test
    void nullArgumentsOfTheClauseFactoriesAreNamed() {
        assertMessage(NullPointerException.class, "element", () -> ch.onSend(null, () -> "sent"));
        assertMessage(NullPointerException.class, "block", () -> ch.onSend("x", null));
        assertMessage(NullPointerException.class, "block", () -> ch.onReceive(null));
        assertMessage(NullPointerException.class, "block", () -> ch.onReceiveCatching(null));
        assertMessage(NullPointerException.class, "timeout", () -> Select.onTimeout(null, () -> "t"));
        assertMessage(NullPointerException.class, "block", () -> Select.onTimeout(Duration.ZERO, null));
        assertMessage(NullPointerException.class, "block", () -> Select.onDefault(null));
    }

    /** Fails unless {@code call} throws {@code type} with a message that starts with {@code start}; nothing consumed. */
    private void assertMessage(Class<? extends RuntimeException> type, String start, Executable call) {
        assertTrue(ch.trySend("probe").isSuccess());
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(start),
                () -> "message \"" + e.getMessage() + "\" should start with \"" + start + "\"");
        assertEquals("probe", ch.tryReceive().getOrNull(), "a rejected select consumed nothing");
    }
}
