package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.SelectClause;
import dev.loomchan.select.support.ChannelKind;
import dev.loomchan.select.support.Deliveries;
import dev.loomchan.select.support.Deliveries.Item;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same channel in several clauses of one direction: each clause registers in a cell of its own, exactly one of
 * them completes, and the others take or send nothing. The same send clause object listed twice offers its element in
 * two cells and hands it over once.
 */
@Timeout(60)
class SelectSameChannelTest {

    static Stream<Arguments> rendezvousAndBufferedOnBothThreads() {
        List<Arguments> list = new ArrayList<>();
        for (ChannelKind kind : List.of(ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1)) {
            for (ThreadKind threads : ThreadKind.values()) {
                list.add(Arguments.of(kind, threads));
            }
        }
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("rendezvousAndBufferedOnBothThreads")
    void twoWaitingReceiveClausesOnOneChannelTakeOneElement(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<String> ch = kind.create(e -> { });
        Worker<String> selector = Worker.startParked(threads, "selector",
                () -> Select.select(ch.onReceive(v -> "1:" + v), ch.onReceive(v -> "2:" + v)));
        assertEquals(2, Registrations.in(ch), "each clause registered in a cell of its own");
        ch.send("x");
        String got = selector.value();
        assertTrue(got.equals("1:x") || got.equals("2:x"), got);
        Registrations.assertNoneLeft(ch);
        if (kind == ChannelKind.RENDEZVOUS) {
            assertTrue(ch.trySend("y").isFailure(), "the other clause is not left waiting for a second element");
        } else {
            assertTrue(ch.trySend("y").isSuccess());
            assertEquals("y", ch.tryReceive().getOrNull(), "the other clause took nothing");
        }
    }

    @ParameterizedTest
    @MethodSource("rendezvousAndBufferedOnBothThreads")
    void theSameSendClauseListedTwiceSendsItsElementOnce(ChannelKind kind, ThreadKind threads) throws Exception {
        Channel<String> ch = kind.create(e -> { });
        List<String> expected = new ArrayList<>();
        while (ch.trySend("b" + expected.size()).isSuccess()) {
            expected.add("b" + expected.size());
        }
        SelectClause<String> clause = ch.onSend("x", () -> "sent");
        Worker<String> selector = Worker.startParked(threads, "selector", () -> Select.select(clause, clause));
        assertEquals(2, Registrations.in(ch));
        expected.add("x");
        List<String> received = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            received.add(ch.receive());
        }
        assertEquals("sent", selector.value());
        assertEquals(expected, received);
        assertTrue(ch.tryReceive().isFailure(), "the element was not offered a second time");
        Registrations.assertNoneLeft(ch);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void twoSendClausesOnOneChannelSendOneElement(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.rendezvous();
        Worker<String> selector = Worker.startParked(threads, "selector",
                () -> Select.select(ch.onSend("a", () -> "sent a"), ch.onSend("b", () -> "sent b")));
        String got = ch.receive();
        assertEquals("sent " + got, selector.value());
        assertTrue(ch.tryReceive().isFailure(), "the other element was not sent");
        Registrations.assertNoneLeft(ch);
    }

    /**
     * Senders whose selects list the channel twice, receivers whose selects list it three times: every element is
     * received once, each receiver sees each sender's elements in order, and each select runs exactly one block.
     */
    @ParameterizedTest
    @MethodSource("rendezvousAndBufferedOnBothThreads")
    void concurrentSelectsWithRepeatedClausesDeliverEachElementOnce(ChannelKind kind, ThreadKind threads)
            throws Exception {
        int senders = 2;
        int receivers = 3;
        int perSender = 1000;
        Channel<Item> ch = kind.create(e -> { });
        Deliveries deliveries = new Deliveries(receivers);
        AtomicInteger extraBlocks = new AtomicInteger();
        List<Worker<Void>> sending = new ArrayList<>();
        List<Worker<Void>> receiving = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            sending.add(Worker.run(threads, "sender-" + s, () -> {
                for (int seq = 0; seq < perSender; seq++) {
                    SelectClause<Integer> clause = ch.onSend(new Item(sender, seq), () -> 1);
                    Select.select(clause, clause);
                }
            }));
        }
        for (int r = 0; r < receivers; r++) {
            List<Item> mine = deliveries.of(r);
            receiving.add(Worker.run(threads, "receiver-" + r, () -> {
                for (;;) {
                    AtomicInteger blocks = new AtomicInteger();
                    ChannelResult<Item> got;
                    try {
                        got = Select.selectUnbiased(
                                ch.onReceive(it -> count(blocks, ChannelResult.success(it))),
                                ch.onReceive(it -> count(blocks, ChannelResult.success(it))),
                                ch.onReceiveCatching(res -> count(blocks, res)));
                    } catch (ClosedReceiveChannelException closed) {
                        return; // an onReceive clause came first in the shuffled order
                    }
                    if (blocks.get() != 1) {
                        extraBlocks.incrementAndGet();
                    }
                    if (got.isClosed()) {
                        return;
                    }
                    mine.add(got.getOrThrow());
                }
            }));
        }
        Worker.closeAfterSenders(sending, ch, receiving);
        assertEquals(0, extraBlocks.get(), "selects that ran other than one block");
        deliveries.assertEachReceivedOnceInSenderOrder(senders, perSender);
        Registrations.assertNoneLeft(ch);
    }

    private static <T> T count(AtomicInteger blocks, T value) {
        blocks.incrementAndGet();
        return value;
    }
}
