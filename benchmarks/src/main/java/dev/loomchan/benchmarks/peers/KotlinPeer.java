package dev.loomchan.benchmarks.peers;

import dev.loomchan.benchmarks.kotlin.KotlinShapes;

/**
 * Kotlin's channels, driven by the Kotlin code in {@link KotlinShapes}: coroutines on {@code Dispatchers.Default},
 * entered through {@code runBlocking} from the benchmark thread, which only waits.
 */
public final class KotlinPeer implements Peer, SelectPeer, ConflatedPeer {

    @Override
    public long transfer(int capacity, int senders, int receivers, int elements) {
        return KotlinShapes.transfer(capacity, senders, receivers, elements);
    }

    @Override
    public long chain(int capacity, int channels, int elements) {
        return KotlinShapes.chain(capacity, channels, elements);
    }

    @Override
    public long parallel(int capacity, int pairs, int elements) {
        return KotlinShapes.parallel(capacity, pairs, elements);
    }

    @Override
    public long select(int clauses, int elements) {
        return KotlinShapes.select(clauses, elements);
    }

    @Override
    public long conflated(int elements) {
        return KotlinShapes.conflated(elements);
    }
}
