package dev.loomchan.properties;

import dev.loomchan.Channel;
import dev.loomchan.UndeliveredElementException;
import dev.loomchan.support.ChannelKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A throwing onUndeliveredElement handler: a cancel over many buffered elements still hands every element over
 * exactly once, reports the first failure as the cause of an {@link UndeliveredElementException} and the later ones
 * as suppressed, and leaves the channel cancelled and consistent.
 */
class HandlerFailureProperties {

    @Provide
    Arbitrary<ChannelKind> bufferingKinds() {
        return Arbitraries.of(ChannelKind.BUFFERED_1, ChannelKind.BUFFERED_16, ChannelKind.BUFFERED_1024,
                ChannelKind.UNLIMITED, ChannelKind.CONFLATED, ChannelKind.DROP_OLDEST, ChannelKind.DROP_LATEST);
    }

    @Provide
    Arbitrary<List<Boolean>> failures() {
        return Arbitraries.of(true, false, false).list().ofMinSize(0).ofMaxSize(100);
    }

    @Property(tries = 200)
    void cancelHandsEveryElementOverDespiteFailingHandler(@ForAll("bufferingKinds") ChannelKind kind,
                                                         @ForAll("failures") List<Boolean> failing) {
        int room = kind.capacity == Channel.UNLIMITED ? failing.size() : Math.min(kind.bufferSize(), failing.size());
        List<Integer> handled = new ArrayList<>();
        boolean[] failingValue = new boolean[failing.size()];
        for (int i = 0; i < failing.size(); i++) {
            failingValue[i] = failing.get(i);
        }
        boolean[] armed = {false};
        Channel<Integer> ch = kind.create(v -> {
            handled.add(v);
            if (armed[0] && failingValue[v]) {
                throw new IllegalStateException("handler failure for " + v);
            }
        });
        for (int v = 0; v < room; v++) {
            assertTrue(ch.trySend(v).isSuccess(), "trySend(" + v + ") into free room");
        }
        armed[0] = true;
        Set<String> expectedFailures = new HashSet<>();
        for (int v = 0; v < room; v++) {
            if (failingValue[v]) {
                expectedFailures.add("handler failure for " + v);
            }
        }
        try {
            ch.cancel();
            assertTrue(expectedFailures.isEmpty(), "cancel() returned normally though the handler failed for "
                    + expectedFailures);
        } catch (UndeliveredElementException e) {
            assertTrue(!expectedFailures.isEmpty(), "cancel() threw though no handler call failed: " + e);
            Set<String> reported = new HashSet<>();
            assertTrue(e.getCause() != null && e.getCause().getMessage().startsWith("handler failure"),
                    "the cause is the handler's exception: " + e.getCause());
            reported.add(e.getCause().getMessage());
            for (Throwable s : e.getSuppressed()) {
                Throwable t = s instanceof UndeliveredElementException && s.getCause() != null ? s.getCause() : s;
                assertTrue(reported.add(t.getMessage()), "failure reported twice: " + t.getMessage());
            }
            assertEquals(expectedFailures, reported, "every handler failure is reported, once");
        }
        List<Integer> sortedHandled = new ArrayList<>(handled);
        sortedHandled.sort(null);
        List<Integer> expected = new ArrayList<>();
        for (int v = 0; v < room; v++) {
            expected.add(v);
        }
        assertEquals(expected, sortedHandled, "every buffered element handed over exactly once");

        // The channel is cancelled and consistent; a second cancel does nothing.
        assertTrue(ch.isClosedForReceive());
        assertTrue(ch.isClosedForSend());
        assertTrue(ch.tryReceive().isClosed());
        assertTrue(ch.trySend(1).isClosed());
        try {
            ch.cancel();
        } catch (UndeliveredElementException e) {
            fail("a second cancel called the handler again: " + e);
        }
        assertEquals(room, handled.size(), "no handler call after the first cancel");
    }
}
