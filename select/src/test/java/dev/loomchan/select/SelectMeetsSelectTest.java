package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.ChannelResult;
import dev.loomchan.SelectClause;
import dev.loomchan.select.support.Deliveries;
import dev.loomchan.select.support.Deliveries.Item;
import dev.loomchan.select.support.Registrations;
import dev.loomchan.select.support.ThreadDump;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Selects on both sides of one rendezvous channel meet: a select-send and a select-receive that find each other while
 * one of them is still registering go round again (REREGISTER) until one finds the other waiting. Many rounds on both
 * thread kinds, with a second clause in every select so that registration takes time; none may deadlock (Kotlin's
 * SelectDeadlockStressTest) or lose, duplicate or reorder an element (Kotlin's ChannelSelectStressTest).
 */
@Timeout(120)
class SelectMeetsSelectTest {
    private static final int ROUNDS = 10_000;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aSelectSendMeetsASelectReceiveRoundAfterRound(ThreadKind threads) throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        Channel<Integer> silentA = Channel.rendezvous();
        Channel<Integer> silentB = Channel.rendezvous();
        Worker<Void> sender = Worker.run(threads, "select-sender", () -> {
            for (int i = 0; i < ROUNDS; i++) {
                int sent = i % 2 == 0
                        ? Select.select(ch.onSend(i, () -> 1), silentA.onReceive(v -> -1))
                        : Select.selectUnbiased(silentA.onReceive(v -> -1), ch.onSend(i, () -> 1));
                assertEquals(1, sent);
            }
        });
        Worker<List<Integer>> receiver = Worker.start(threads, "select-receiver", () -> {
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                got.add(i % 3 == 0
                        ? Select.select(silentB.onReceive(v -> -1), ch.onReceive(v -> v))
                        : Select.selectUnbiased(ch.onReceive(v -> v), silentB.onReceive(v -> -1)));
            }
            return got;
        });
        ThreadDump.joinAll(List.of(sender.thread(), receiver.thread()), ch);
        sender.value();
        List<Integer> got = receiver.value();
        for (int i = 0; i < ROUNDS; i++) {
            assertEquals(i, got.get(i), "element " + i);
        }
        Registrations.assertNoneLeft(ch, silentA, silentB);
    }

    /**
     * Two selects, each sending on one channel and receiving from the other: every exchange pairs a select-send of one
     * with a select-receive of the other. Each side stops offering to send after its last element, and stops
     * receiving after the other side's last.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void oppositeSelectsOnTwoChannelsDoNotDeadlock(ThreadKind threads) throws Exception {
        Channel<Integer> c1 = Channel.rendezvous();
        Channel<Integer> c2 = Channel.rendezvous();
        Worker<Void> first = Worker.run(threads, "first", () -> sendAndReceive(c1, c2));
        Worker<Void> second = Worker.run(threads, "second", () -> sendAndReceive(c2, c1));
        ThreadDump.joinAll(List.of(first.thread(), second.thread()), c1, c2);
        first.value();
        second.value();
        Registrations.assertNoneLeft(c1, c2);
    }

    private static void sendAndReceive(Channel<Integer> out, Channel<Integer> in) throws InterruptedException {
        int[] sent = {0};
        int[] received = {0};
        while (sent[0] < ROUNDS || received[0] < ROUNDS) {
            List<SelectClause<Void>> clauses = new ArrayList<>();
            if (sent[0] < ROUNDS) {
                clauses.add(out.onSend(sent[0], () -> {
                    sent[0]++;
                    return null;
                }));
            }
            if (received[0] < ROUNDS) {
                clauses.add(in.onReceive(v -> {
                    assertEquals(received[0], v, "elements arrive in the order they were sent");
                    received[0]++;
                    return null;
                }));
            }
            Select.select(clauses);
        }
    }

    /**
     * Three senders and three receivers, all going through selects on one rendezvous channel (a second clause on a
     * silent channel in every select): each element is received exactly once, and in order per sender.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void manySelectSendersMeetManySelectReceivers(ThreadKind threads) throws Exception {
        int senders = 3;
        int receivers = 3;
        int perSender = 2000;
        Channel<Item> ch = Channel.rendezvous();
        Channel<Item> silent = Channel.rendezvous();
        Deliveries deliveries = new Deliveries(receivers);
        List<Worker<Void>> sending = new ArrayList<>();
        List<Worker<Void>> receiving = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            sending.add(Worker.run(threads, "sender-" + s, () -> {
                for (int seq = 0; seq < perSender; seq++) {
                    Item item = new Item(sender, seq);
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        Select.select(ch.onSend(item, () -> 1), silent.onReceive(v -> -1));
                    } else {
                        Select.select(silent.onReceive(v -> -1), ch.onSend(item, () -> 1));
                    }
                }
            }));
        }
        for (int r = 0; r < receivers; r++) {
            List<Item> mine = deliveries.of(r);
            receiving.add(Worker.run(threads, "receiver-" + r, () -> {
                for (;;) {
                    ChannelResult<Item> got = Select.selectUnbiased(ch.onReceiveCatching(res -> res),
                            silent.onReceiveCatching(res -> ChannelResult.<Item>failure()));
                    if (got.isClosed()) {
                        return;
                    }
                    mine.add(got.getOrThrow());
                }
            }));
        }
        Worker.closeAfterSenders(sending, ch, receiving);
        deliveries.assertEachReceivedOnceInSenderOrder(senders, perSender);
        Registrations.assertNoneLeft(ch, silent);
    }
}
