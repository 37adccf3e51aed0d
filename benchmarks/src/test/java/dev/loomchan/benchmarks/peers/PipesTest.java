package dev.loomchan.benchmarks.peers;

import org.junit.jupiter.api.Test;

import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A peer that cannot honour a capacity refuses it, instead of quietly measuring another shape. */
class PipesTest {

    @Test
    void queuesWithoutABufferRefuseOne() {
        assertRefuses(Pipes::synchronousQueue, 16);
        assertRefuses(Pipes::exchanger, 16);
        assertRefuses(Pipes::parkingHandOff, 1);
        assertRefuses(Pipes::spinHandOff, 1);
    }

    @Test
    void boundedQueuesRefuseToBeUnlimitedOrRendezvous() {
        for (IntFunction<Pipe> bounded : java.util.List.<IntFunction<Pipe>>of(Pipes::arrayBlockingQueue,
                Pipes::jctoolsSpsc, Pipes::jctoolsMpmc, Pipes::agronaMpmc)) {
            assertRefuses(bounded, Capacities.UNLIMITED);
            assertRefuses(bounded, Capacities.RENDEZVOUS);
        }
        assertRefuses(Pipes::linkedTransferQueue, 16);
    }

    @Test
    void theJdkQueueOfAChannelCapacityIsSynchronousForRendezvousElseArrayBlocking() throws InterruptedException {
        Pipe buffered = Pipes.jdkQueue(2);
        buffered.send(7); // would wait forever on a SynchronousQueue
        assertEquals(7, buffered.receive());
        assertRefuses(Pipes::synchronousQueue, 2);
    }

    private static void assertRefuses(IntFunction<Pipe> open, int capacity) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open.apply(capacity));
        assertEquals(true, e.getMessage().contains(Capacities.describe(capacity)), e.getMessage());
    }
}
