package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Select over a buffered channel (capacity 1, as in Kotlin's SelectBufferedChannelTest, and 16): a send clause
 * completes at once while the buffer has room and waits once it is full, until a receive makes room; a receive clause
 * takes buffered elements at once, in order, before it ever sees a close.
 */
@Timeout(60)
class SelectBufferedChannelTest {

    static Stream<Arguments> capacitiesAndThreads() {
        List<Arguments> list = new ArrayList<>();
        for (int capacity : new int[]{1, 16}) {
            for (ThreadKind threads : ThreadKind.values()) {
                list.add(Arguments.of(capacity, threads));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 16})
    void onSendIntoAFreeBufferCompletesAtOnceAndOnReceiveTakesItBack(int capacity) throws InterruptedException {
        Channel<String> ch = Channel.buffered(capacity);
        assertEquals("sent", Select.select(ch.onSend("OK", () -> "sent")));
        assertEquals(capacity > 1 ? "sent" : "default",
                Select.select(ch.onSend("OK2", () -> "sent"), Select.onDefault(() -> "default")),
                "the send clause completes while the buffer has room, and only then");
        assertEquals("got OK", Select.select(ch.onReceive(v -> "got " + v)));
        Registrations.assertNoneLeft(ch);
    }

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("capacitiesAndThreads")
    void onSendHandsTheElementToAWaitingReceiver(int capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.buffered(capacity);
        Worker<String> receiver = Worker.startParked(threads, "receiver", ch::receive);
        assertEquals("sent", Select.select(ch.onSend("OK", () -> "sent"), Select.onDefault(() -> "default")));
        assertEquals("OK", receiver.value());
        assertTrue(ch.isEmpty(), "the element went to the receiver, not into the buffer");
    }

    /** A send clause on a full buffer waits; the first receive moves the buffer on, and the select's element joins it. */
    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("capacitiesAndThreads")
    void onSendWaitsWhileTheBufferIsFull(int capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.buffered(capacity);
        List<String> buffered = fill(ch, capacity);
        assertEquals("default", Select.select(ch.onSend("OK", () -> "sent"), Select.onDefault(() -> "default")));
        Worker<String> selector = Worker.startParked(threads, "selector",
                () -> Select.select(ch.onSend("OK", () -> "sent")));
        assertEquals(1, Registrations.in(ch));
        List<String> received = new ArrayList<>();
        received.add(ch.receive());
        assertEquals("sent", selector.value(), "the first receive made room for the waiting select");
        while (!ch.isEmpty()) {
            received.add(ch.receive());
        }
        List<String> expected = new ArrayList<>(buffered);
        expected.add("OK");
        assertEquals(expected, received, "the select's element comes after the elements buffered before it");
        Registrations.assertNoneLeft(ch);
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 16})
    void onReceiveTakesTheOldestBufferedElement(int capacity) throws InterruptedException {
        Channel<String> ch = Channel.buffered(capacity);
        List<String> buffered = fill(ch, capacity);
        assertEquals(buffered.get(0), Select.select(ch.onReceive(v -> v)));
        if (capacity > 1) {
            assertEquals(buffered.get(1), Select.select(ch.onReceive(v -> v), Select.onDefault(() -> "default")));
        }
    }

    /** Kotlin's testSelectReceiveWaitWithDefault: the default leaves no receiver behind to take a later element. */
    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("capacitiesAndThreads")
    void onReceiveOfAnEmptyChannelTakesTheDefaultAndLeavesNothingBehind(int capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = Channel.buffered(capacity);
        assertEquals("default", Select.select(ch.onReceive(v -> v), Select.onDefault(() -> "default")));
        Registrations.assertNoneLeft(ch);
        List<String> buffered = fill(ch, capacity);
        Worker<Void> sender = Worker.run(threads, "sender", () -> ch.send("CHK")).awaitParked();
        List<String> expected = new ArrayList<>(buffered);
        expected.add("CHK");
        List<String> received = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            received.add(ch.receive());
        }
        assertEquals(expected, received);
        sender.value();
    }

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("capacitiesAndThreads")
    void onReceiveWaitsForASender(int capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.buffered(capacity);
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(ch.onReceive(v -> v)));
        assertEquals(1, Registrations.in(ch));
        ch.send("OK");
        assertEquals("OK", selector.value());
        assertTrue(ch.isEmpty(), "the element went to the select, not into the buffer");
    }

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("capacitiesAndThreads")
    void aWaitingOnReceiveThrowsWhenTheChannelIsClosed(int capacity, ThreadKind threads) {
        Channel<String> ch = Channel.buffered(capacity);
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(ch.onReceive(v -> v)));
        ch.close();
        selector.thrown(ClosedReceiveChannelException.class);
        assertThrows(ClosedReceiveChannelException.class, () -> Select.select(ch.onReceive(v -> v)));
        Registrations.assertNoneLeft(ch);
    }

    /** Elements buffered before the close are still received, by either receive clause; the close result comes after. */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 16})
    void bufferedElementsComeBeforeTheClose(int capacity) throws InterruptedException {
        Channel<String> ch = Channel.buffered(capacity);
        List<String> buffered = fill(ch, capacity);
        ch.close();
        List<String> received = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            received.add(i % 2 == 0 ? Select.select(ch.onReceive(v -> v))
                    : Select.select(ch.onReceiveCatching(ChannelResult::getOrThrow)));
        }
        assertEquals(buffered, received);
        ChannelResult<String> closed = Select.select(ch.onReceiveCatching(r -> r));
        assertTrue(closed.isClosed());
        assertNull(closed.exceptionOrNull());
    }

    /** A thousand polling selects on each side leave the buffer and the channel as they found them. */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 16})
    void pollingSelectsLeaveNothingBehind(int capacity) throws InterruptedException {
        Channel<String> empty = Channel.buffered(capacity);
        Channel<String> full = Channel.buffered(capacity);
        List<String> buffered = fill(full, capacity);
        for (int i = 0; i < 1000; i++) {
            assertEquals("default", Select.select(full.onSend("x" + i, () -> "sent"), Select.onDefault(() -> "default")));
            assertEquals("default", Select.select(empty.onReceive(v -> v), Select.onDefault(() -> "default")));
        }
        Registrations.assertNoneLeft(empty, full);
        List<String> left = new ArrayList<>();
        while (!full.isEmpty()) {
            left.add(full.receive());
        }
        assertEquals(buffered, left, "the polling send clauses added nothing to the buffer");
        assertFalse(empty.tryReceive().isSuccess());
        assertTrue(empty.trySend("y").isSuccess() && "y".equals(empty.tryReceive().getOrNull()));
    }

    /** Fills the buffer with {@code capacity} elements and returns them in order. */
    static List<String> fill(Channel<String> ch, int capacity) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            String e = "BUF" + i;
            assertTrue(ch.trySend(e).isSuccess(), "room in the buffer");
            elements.add(e);
        }
        assertTrue(ch.trySend("over").isFailure(), "the buffer is full");
        return elements;
    }
}
