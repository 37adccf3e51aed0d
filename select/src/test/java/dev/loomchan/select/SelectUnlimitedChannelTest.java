package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Select over an unlimited channel: a send clause never waits, so it wins over a default; a receive clause waits only
 * while the channel is empty. Kotlin's SelectUnlimitedChannelTest (a send clause on a closed channel fails while the
 * buffered element stays receivable), and more.
 */
@Timeout(60)
class SelectUnlimitedChannelTest {

    @Test
    void onSendNeverWaits() throws InterruptedException {
        Channel<Integer> ch = Channel.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertEquals("sent", Select.select(ch.onSend(i, () -> "sent"), Select.onDefault(() -> "default")));
        }
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            received.add(Select.select(ch.onReceive(v -> v), Select.onDefault(() -> -1)));
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, received.get(i), "elements come out in the order the selects sent them");
        }
        assertTrue(ch.isEmpty());
        Registrations.assertNoneLeft(ch);
    }

    @Test
    void onSendOfAClosedChannelThrowsAndTheBufferedElementIsStillReceived() throws InterruptedException {
        ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = Channel.<Integer>builder().capacity(Channel.UNLIMITED)
                .onUndeliveredElement(undelivered::add).build();
        ch.send(1);
        ch.close();
        assertThrows(ClosedSendChannelException.class, () -> Select.select(ch.onSend(2, () -> "sent")));
        assertEquals(List.of(2), List.copyOf(undelivered));
        assertEquals(1, Select.<Integer>select(ch.onReceive(v -> v)));
        assertTrue(ch.isClosedForReceive());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onReceiveWaitsOnlyWhileTheChannelIsEmpty(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.unlimited();
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(ch.onReceive(v -> v)));
        assertEquals(1, Registrations.in(ch));
        ch.send("first");
        ch.send("second");
        assertEquals("first", selector.value());
        assertEquals("second", Select.select(ch.onReceive(v -> v), Select.onDefault(() -> "default")));
        Registrations.assertNoneLeft(ch);
    }
}
