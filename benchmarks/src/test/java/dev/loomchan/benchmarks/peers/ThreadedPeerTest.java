package dev.loomchan.benchmarks.peers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The harness is honest: a peer that corrupts or fails cannot report a time. */
class ThreadedPeerTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Test
    void everyShapeAddsUpToTheChecksumOfWhatWasSent() throws InterruptedException {
        Peer peer = Peers.onVirtualThreads(Pipes::loomchan);
        assertEquals(Checksums.sent(2, 1_000), peer.transfer(4, 2, 2, 1_000));
        assertEquals(Checksums.sequence(10), peer.chain(0, 100, 1_000));
        assertEquals(Checksums.sent(100, 1_000), peer.parallel(1, 100, 1_000));
    }

    @Test
    void aPeerThatCorruptsAnElementFailsTheChecksum() throws InterruptedException {
        Peer corrupting = Peers.onVirtualThreads(capacity -> new CorruptingPipe(Pipes.loomchan(capacity)));
        long sum = corrupting.transfer(16, 1, 1, 1_000);
        assertThrows(IllegalStateException.class, () -> Checksums.verify(Checksums.sent(1, 1_000), sum));
    }

    @Test
    void aSenderThatThrowsFailsTheInvocationInsteadOfLeavingTheReceiverWaiting() {
        Peer failing = Peers.onVirtualThreads(capacity -> new FailingSendPipe(Pipes.loomchan(capacity), 500));
        IllegalStateException e = assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(IllegalStateException.class, () -> failing.transfer(0, 1, 1, 1_000)));
        assertEquals("send number 500 failed", e.getCause().getMessage());
    }

    @Test
    void spinningPeersGiveUpWhenInterrupted() {
        Peer failing = Peers.onSpinningPlatformThreads(
                capacity -> new FailingSendPipe(Pipes.spinHandOff(capacity), 10));
        assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(IllegalStateException.class, () -> failing.transfer(0, 1, 1, 1_000)));
    }

    @Test
    void splittingElementsUnevenlyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Checksums.share(1_000, 3));
    }

    /** Hands every hundredth element over as the next value. */
    private record CorruptingPipe(Pipe pipe) implements Pipe {
        private static final AtomicInteger SENT = new AtomicInteger();

        @Override
        public void send(Integer element) throws InterruptedException {
            pipe.send(SENT.incrementAndGet() % 100 == 0 ? element + 1 : element);
        }

        @Override
        public Integer receive() throws InterruptedException {
            return pipe.receive();
        }
    }

    /** Throws on the n-th send. */
    private static final class FailingSendPipe implements Pipe {
        private final Pipe pipe;
        private final int failAt;
        private int sent;

        FailingSendPipe(Pipe pipe, int failAt) {
            this.pipe = pipe;
            this.failAt = failAt;
        }

        @Override
        public void send(Integer element) throws InterruptedException {
            if (++sent == failAt) {
                throw new IllegalStateException("send number " + failAt + " failed");
            }
            pipe.send(element);
        }

        @Override
        public Integer receive() throws InterruptedException {
            return pipe.receive();
        }
    }
}
