package dev.loomchan.select;

import dev.loomchan.Channel;
import dev.loomchan.select.support.ThreadDump;
import dev.loomchan.select.support.ThreadKind;
import dev.loomchan.select.support.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A partner that loses a select must never win the select thread's next wait. Once a select waits, two partners that
 * find its registrations race to claim its waiter; the loser may read the waiter from the select's state and try to
 * claim it after the select has returned. Were that waiter reused for the thread's next blocking call, the loser
 * would complete that call with its own choice: the call would return a stranger's result and the loser's element
 * would be lost. Here every select is followed by a plain receive on a third channel, and every element of all three
 * channels must arrive exactly once, where it was sent.
 */
@Timeout(120)
class SelectLateLoserTest {
    private static final int ROUNDS = 100_000;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aLateLoserNeverCompletesTheSelectThreadsNextWait(ThreadKind threads) throws Exception {
        Channel<Integer> a = Channel.rendezvous();
        Channel<Integer> b = Channel.rendezvous();
        Channel<Integer> plain = Channel.rendezvous();
        Worker<Void> senderA = Worker.run(threads, "sender-a", () -> sendAll(a, 0));
        Worker<Void> senderB = Worker.run(threads, "sender-b", () -> sendAll(b, 1));
        Worker<Void> plainSender = Worker.run(threads, "plain-sender", () -> sendAll(plain, 2));
        Worker<List<List<Integer>>> receiver = Worker.start(threads, "selecting-receiver", () -> {
            List<List<Integer>> got = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            int fromAOrB = 0;
            for (int round = 0; round < ROUNDS; round++) {
                int v = Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
                got.get(origin(v)).add(v);
                fromAOrB++;
                Object p = plain.receive(); // Object: a stolen wait would hand over something else than an Integer
                got.get(2).add((Integer) p);
            }
            // The senders of a and b sent ROUNDS each; take what the selects left, in any order.
            while (fromAOrB < 2 * ROUNDS) {
                int v = Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
                got.get(origin(v)).add(v);
                fromAOrB++;
            }
            return got;
        });
        ThreadDump.joinAll(List.of(senderA.thread(), senderB.thread(), plainSender.thread(), receiver.thread()),
                a, b, plain);
        senderA.value();
        senderB.value();
        plainSender.value();
        List<List<Integer>> got = receiver.value();
        for (int channel = 0; channel < 3; channel++) {
            List<Integer> values = got.get(channel);
            assertEquals(ROUNDS, values.size(), "elements from channel " + channel);
            for (int i = 0; i < ROUNDS; i++) {
                assertEquals(3 * i + channel, values.get(i), "element " + i + " of channel " + channel);
            }
        }
    }

    /** Sends {@code 3 * i + channel} for every round, so that each element names its channel and its place. */
    private static void sendAll(Channel<Integer> ch, int channel) throws InterruptedException {
        for (int i = 0; i < ROUNDS; i++) {
            ch.send(3 * i + channel);
        }
    }

    private static int origin(int v) {
        return v % 3;
    }
}
