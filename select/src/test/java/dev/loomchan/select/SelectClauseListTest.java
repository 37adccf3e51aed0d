package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.SelectClause;
import dev.loomchan.select.support.Registrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every runner that takes its clauses as varargs also takes them as a {@code List}, for selects whose clauses are
 * built at run time (one per replica, one per worker). The list is read in its order, as the arguments would be.
 */
@Timeout(60)
class SelectClauseListTest {
    private final List<Channel<String>> replicas = List.of(replica("a"), replica("b"), replica("c"));

    @Test
    void selectTakesAListAndIsBiasedInListOrder() throws InterruptedException {
        assertEquals("a", Select.select(receiveFromEach()));
        assertEquals("b", Select.select(receiveFromEach()));
        assertEquals("c", Select.select(receiveFromEach()));
        Registrations.assertNoneLeft(channels());
    }

    @Test
    void selectUnbiasedTakesAListAndChoosesAmongTheReadyClausesOnly() throws InterruptedException {
        Channel<String> silent = Channel.rendezvous();
        Channel<String> ready = Channel.unlimited();
        List<SelectClause<String>> clauses = List.of(
                silent.onReceive(v -> "silent"),
                ready.onSend("x", () -> "sent"),
                Select.onTimeout(Duration.ZERO, () -> "timeout"));
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            chosen.add(Select.selectUnbiased(clauses));
        }
        assertEquals(Set.of("sent", "timeout"), chosen, "both ready clauses win sometimes, the silent one never");
        Registrations.assertNoneLeft(silent, ready);
    }

    @Test
    void whileSelectTakesAList() throws InterruptedException {
        Channel<Integer> jobs = Channel.buffered(8);
        for (int i = 0; i < 5; i++) {
            jobs.send(i);
        }
        jobs.close();
        List<Integer> processed = new ArrayList<>();
        Select.whileSelect(List.of(jobs.onReceiveCatching(r -> r.isClosed() ? false : processed.add(r.getOrThrow()))));
        assertEquals(List.of(0, 1, 2, 3, 4), processed);
    }

    @Test
    void selectNTakesAListAndTakesTheFirstNInListOrder() throws InterruptedException {
        assertEquals(List.of("a", "b"), Select.selectN(2, receiveFromEach()));
        assertEquals("c", replicas.get(2).tryReceive().getOrNull(), "the third answer is still in its channel");
        Registrations.assertNoneLeft(channels());
    }

    @Test
    void selectAllTakesAList() throws InterruptedException {
        assertEquals(List.of("a", "b", "c"), Select.selectAll(receiveFromEach()));
        for (Channel<String> replica : replicas) {
            assertTrue(replica.isEmpty());
        }
        Registrations.assertNoneLeft(channels());
    }

    /** One receive clause per replica, built at run time: the case the list overloads are for. */
    private List<SelectClause<String>> receiveFromEach() {
        List<SelectClause<String>> clauses = new ArrayList<>();
        for (Channel<String> replica : replicas) {
            clauses.add(replica.onReceive(r -> r));
        }
        return clauses;
    }

    private Channel<?>[] channels() {
        return replicas.toArray(new Channel<?>[0]);
    }

    private static Channel<String> replica(String answer) {
        Channel<String> ch = Channel.buffered(1);
        if (ch.trySend(answer).isFailure()) {
            throw new AssertionError("a fresh buffered channel refused " + answer);
        }
        return ch;
    }
}
