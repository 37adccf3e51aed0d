package dev.loomchan;

import dev.loomchan.support.ChannelKind;
import dev.loomchan.support.ThreadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code toString()} and {@code debugString()} are diagnostics: they must work in every state and reflect it. */
@Timeout(20)
class ChannelToStringTest extends AbstractChannelTest {

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void toStringReflectsTrafficAndClose(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        String fresh = c.toString();
        assertNotNull(fresh);
        assertFalse(fresh.isBlank());
        if (kind.capacity != Channel.RENDEZVOUS) {
            c.send(1);
            String afterSend = c.toString();
            assertNotEquals(fresh, afterSend, "counters should show the send");
            c.receive();
        }
        String open = c.toString();
        c.close();
        String closed = c.toString();
        assertNotEquals(open, closed, "toString should show the close");
        Channel<Integer> other = kind.create();
        other.cancel();
        assertNotNull(other.toString());
    }

    @Test
    void toStringShowsTheName() {
        Channel<Integer> c = Channel.<Integer>builder().capacity(3).name("orders-queue").build();
        assertTrue(c.toString().contains("orders-queue"), c.toString());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void toStringShowsTheCloseCause(ChannelKind kind) {
        Channel<Integer> c = kind.create();
        c.close(new TestException("distinctive-cause-text"));
        assertTrue(c.toString().contains("distinctive-cause-text") || c.toString().toLowerCase().contains("close"),
                c.toString());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void debugStringWorksInEveryState(ChannelKind kind) throws Exception {
        Channel<Integer> c = kind.create();
        String fresh = c.debugString();
        assertNotNull(fresh);
        assertFalse(fresh.isBlank());
        for (int i = 0; i < 100 && c.trySend(i).isSuccess(); i++) {
            // fill a few segments
        }
        String filled = c.debugString();
        assertTrue(filled.contains("\n"), "a multi-line dump:\n" + filled);
        if (kind.capacity != Channel.RENDEZVOUS) {
            assertNotEquals(fresh, filled);
        }
        c.tryReceive();
        assertNotNull(c.debugString());
        c.close();
        assertNotNull(c.debugString());
        c.cancel();
        assertNotNull(c.debugString());
        assertNotNull(c.toString());
    }

    /** Diagnostics while threads are parked in the channel must not disturb them. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void diagnosticsWithWaiters(ThreadKind threads) throws Exception {
        Channel<Integer> c = Channel.rendezvous();
        Worker<Integer> receiver = blockedReceiver(threads, c);
        assertNotNull(c.toString());
        assertTrue(c.debugString().contains("\n"));
        c.send(1);
        receiver.join();
        Worker<Void> sender = blockedSender(threads, c, 2);
        assertNotNull(c.toString());
        assertNotNull(c.debugString());
        c.receive();
        sender.join();
    }

    /** The dump is not atomic, but calling it while elements flow through many segments must never throw. */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void diagnosticsDuringTraffic(ThreadKind threads) throws Exception {
        for (ChannelKind kind : new ChannelKind[]{ChannelKind.RENDEZVOUS, ChannelKind.BUFFERED_1, ChannelKind.UNLIMITED,
                ChannelKind.CONFLATED}) {
            Channel<Integer> c = kind.create();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Worker<Integer> observer = start(threads, "observer", () -> {
                int calls = 0;
                while (!stop.get()) {
                    assertNotNull(c.debugString());
                    assertNotNull(c.toString());
                    calls++;
                }
                return calls;
            });
            Worker<Void> producer = start(threads, "producer", () -> {
                for (int i = 0; i < 20_000; i++) {
                    c.send(i);
                }
                c.close();
                return null;
            });
            for (ChannelIterator<Integer> it = c.iterator(); it.hasNext(); ) {
                it.next();
            }
            producer.join();
            stop.set(true);
            observer.join();
        }
    }
}
