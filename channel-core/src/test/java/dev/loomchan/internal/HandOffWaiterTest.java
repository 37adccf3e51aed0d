package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.reliability.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** A sender that waits in its cell as itself: every way its send can end, and the cell it leaves behind. */
@Timeout(30)
class HandOffWaiterTest {

    /** A hand-off waiter whose owner can give up; records what the engine told it. */
    static final class Token extends HandOffWaiter {
        static final int WAITING = 0, TAKEN = 1, WITHDRAWN = 2, CANCELLED = 3;
        final AtomicInteger state = new AtomicInteger(WAITING);
        final String name;

        Token(String name) {
            this.name = name;
        }

        @Override
        public boolean waitEnded() {
            return state.get() != WAITING;
        }

        @Override
        protected boolean onTaken() {
            return state.compareAndSet(WAITING, TAKEN);
        }

        @Override
        protected boolean onChannelCancelled() {
            return state.compareAndSet(WAITING, CANCELLED);
        }

        boolean giveUp() {
            if (state.compareAndSet(WAITING, WITHDRAWN)) {
                withdraw();
                return true;
            }
            return false;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void aWaitingReceiverTakesTheElementAtOnce() throws Exception {
        Channel<Token> ch = Channel.rendezvous();
        AtomicReference<Token> got = new AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                got.set(ch.receive());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Threads.awaitBlocked(receiver);
        Token t = new Token("t");
        assertEquals(HandOffWaiter.HANDED_OVER, t.sendTo(ch, t));
        receiver.join();
        assertSame(t, got.get());
        assertEquals(Token.WAITING, t.state.get(), "a hand-over never calls onTaken");
    }

    @Test
    void aPublishedWaiterIsTakenByTheNextReceiver() throws Exception {
        Channel<Token> ch = Channel.rendezvous();
        Token t = new Token("t");
        assertEquals(HandOffWaiter.PUBLISHED, t.sendTo(ch, t));
        assertEquals(1, ch.statistics().waitingSenders());
        assertSame(t, ch.receive());
        assertEquals(Token.TAKEN, t.state.get());
        assertTrue(ch.tryReceive().isFailure());
    }

    @Test
    void aWithdrawnWaiterIsSkippedAndItsCellCleaned() throws Exception {
        Channel<Token> ch = Channel.rendezvous();
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // several segments, so that cleaned segments are unlinked
            Token t = new Token("t" + i);
            assertEquals(HandOffWaiter.PUBLISHED, t.sendTo(ch, t));
            tokens.add(t);
        }
        for (int i = 0; i < 100; i += 2) {
            assertTrue(tokens.get(i).giveUp());
        }
        for (int i = 1; i < 100; i += 2) {
            assertSame(tokens.get(i), ch.receive(), "withdrawn waiters are skipped, the rest keep their order");
            assertFalse(tokens.get(i).giveUp(), "a taken waiter cannot be withdrawn");
        }
        assertTrue(ch.tryReceive().isFailure());
        ChannelStatistics s = ch.statistics();
        assertEquals(50, s.received());
        assertEquals(50, s.cancelledSenders());
        assertEquals(0, s.waitingSenders());
    }

    @Test
    void aClosedChannelRefusesTheWaiterAndKeepsNothing() {
        Channel<Token> ch = Channel.rendezvous();
        ch.close();
        Token t = new Token("t");
        assertEquals(HandOffWaiter.CLOSED, t.sendTo(ch, t));
        assertTrue(ch.isClosedForReceive());
    }

    @Test
    void cancellingTheChannelResumesAPublishedWaiterAndHandsItsElementToTheHandler() {
        List<Token> undelivered = new ArrayList<>();
        Channel<Token> ch = Channel.<Token>builder().onUndeliveredElement(undelivered::add).build();
        Token kept = new Token("kept");
        Token withdrawn = new Token("withdrawn");
        kept.sendTo(ch, kept);
        withdrawn.sendTo(ch, withdrawn);
        assertTrue(withdrawn.giveUp());
        ch.cancel();
        assertEquals(Token.CANCELLED, kept.state.get());
        assertEquals(List.of(kept), undelivered, "only the waiter still there; the withdrawn one is its owner's");
        assertFalse(kept.giveUp());
    }

    @Test
    void onlyLoomchanRendezvousChannelsAndOneSendPerWaiter() {
        Token t = new Token("t");
        assertThrows(IllegalArgumentException.class, () -> t.sendTo(Channel.buffered(4), t));
        assertThrows(IllegalArgumentException.class, () -> t.sendTo(Channel.unlimited(), t));
        assertThrows(IllegalArgumentException.class, () -> t.sendTo(Channel.conflated(), t));
        Channel<Token> ch = Channel.rendezvous();
        t.sendTo(ch, t);
        assertThrows(IllegalStateException.class, () -> t.sendTo(ch, t));
    }

    @Test
    void takingRacesWithWithdrawingAndExactlyOneWins() throws Exception {
        Channel<Token> ch = Channel.rendezvous();
        int rounds = 20_000;
        AtomicInteger received = new AtomicInteger();
        Thread receiver = Thread.ofPlatform().start(() -> {
            try {
                for (;;) {
                    ch.receive();
                    received.incrementAndGet();
                }
            } catch (Exception closed) {
                // end
            }
        });
        int withdrawn = 0;
        for (int i = 0; i < rounds; i++) {
            Token t = new Token("t" + i);
            if (t.sendTo(ch, t) == HandOffWaiter.PUBLISHED) {
                Thread.onSpinWait();
                if (t.giveUp()) {
                    withdrawn++;
                }
            }
        }
        while (received.get() + withdrawn < rounds) {
            Thread.onSpinWait();
        }
        ch.close();
        receiver.join();
        assertEquals(rounds, received.get() + withdrawn, "every waiter was taken or withdrawn, never both");
        assertEquals(withdrawn, ch.statistics().cancelledSenders());
    }

}
