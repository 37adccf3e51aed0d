package dev.loomchan.benchmarks.kotlin

import dev.loomchan.benchmarks.peers.Checksums
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.channels.consumeEach
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select

/**
 * The benchmark shapes for Kotlin's channels, written against kotlinx.coroutines' public API as a Kotlin user would:
 * every sender and receiver is a coroutine on `Dispatchers.Default`, and the Java benchmark thread enters through
 * `runBlocking`, which only waits for them. Each function is one invocation of its shape, with the same channel
 * capacities (0 rendezvous, `Int.MAX_VALUE` unlimited), element counts and values as the Java peers, and returns the
 * sum of the values received so that the benchmark can check that nothing was lost. See `Peer` for the shapes.
 */
object KotlinShapes {

    /** One channel, `senders` coroutines sending and `receivers` coroutines receiving `elements` elements in all. */
    @JvmStatic
    fun transfer(capacity: Int, senders: Int, receivers: Int, elements: Int): Long {
        val perSender = Checksums.share(elements, senders)
        val perReceiver = Checksums.share(elements, receivers)
        return runBlocking {
            val channel = Channel<Int>(capacity)
            repeat(senders) { launch(Dispatchers.Default) { sendValues(channel, perSender) } }
            List(receivers) { async(Dispatchers.Default) { receiveValues(channel, perReceiver) } }.awaitAll().sum()
        }
    }

    /** `channels` channels in a chain, one coroutine per stage, `elements` transfers in all. */
    @JvmStatic
    fun chain(capacity: Int, channels: Int, elements: Int): Long {
        val injected = Checksums.share(elements, channels)
        return runBlocking {
            val chain = Array(channels) { Channel<Int>(capacity) }
            launch(Dispatchers.Default) { sendValues(chain[0], injected) }
            for (c in 1 until channels) {
                val from = chain[c - 1]
                val to = chain[c]
                launch(Dispatchers.Default) { repeat(injected) { to.send(from.receive()) } }
            }
            async(Dispatchers.Default) { receiveValues(chain[channels - 1], injected) }.await()
        }
    }

    /** `pairs` independent channels, each with one sending and one receiving coroutine. */
    @JvmStatic
    fun parallel(capacity: Int, pairs: Int, elements: Int): Long {
        val perPair = Checksums.share(elements, pairs)
        return runBlocking {
            val sums = List(pairs) {
                val channel = Channel<Int>(capacity)
                launch(Dispatchers.Default) { sendValues(channel, perPair) }
                async(Dispatchers.Default) { receiveValues(channel, perPair) }
            }
            sums.awaitAll().sum()
        }
    }

    /** `clauses` rendezvous channels with one sender each, and one receiver selecting over all of them. */
    @JvmStatic
    fun select(clauses: Int, elements: Int): Long {
        val perSender = Checksums.share(elements, clauses)
        return runBlocking {
            val channels = Array(clauses) { Channel<Int>(Channel.RENDEZVOUS) }
            for (channel in channels) {
                launch(Dispatchers.Default) { sendValues(channel, perSender) }
            }
            async(Dispatchers.Default) {
                var sum = 0L
                repeat(elements) {
                    sum += select<Int> {
                        for (channel in channels) channel.onReceive { it }
                    }
                }
                sum
            }.await()
        }
    }

    /** One sender into a conflated channel, then a close; one receiver iterating until the close. */
    @JvmStatic
    fun conflated(elements: Int): Long = runBlocking {
        val channel = Channel<Int>(Channel.CONFLATED)
        launch(Dispatchers.Default) {
            sendValues(channel, elements)
            channel.close()
        }
        async(Dispatchers.Default) {
            var seen = 0L
            channel.consumeEach { seen++ }
            seen
        }.await()
    }

    /**
     * One caller coroutine asks one server coroutine `calls` times over a rendezvous channel, each request carrying a
     * `CompletableDeferred` that the server completes with the request's value: Kotlin's request/reply pattern.
     */
    @JvmStatic
    fun requestReply(calls: Int): Long = runBlocking {
        val requests = Channel<Ask>(Channel.RENDEZVOUS)
        launch(Dispatchers.Default) {
            for (ask in requests) ask.reply.complete(ask.value)
        }
        async(Dispatchers.Default) {
            var sum = 0L
            for (i in 0 until calls) {
                val reply = CompletableDeferred<Int>()
                requests.send(Ask(Checksums.value(i), reply))
                sum += reply.await()
            }
            requests.close()
            sum
        }.await()
    }

    /** A request and the deferred its answer completes. */
    private class Ask(val value: Int, val reply: CompletableDeferred<Int>)

    private suspend fun sendValues(channel: SendChannel<Int>, count: Int) {
        for (i in 0 until count) channel.send(Checksums.value(i))
    }

    private suspend fun receiveValues(channel: ReceiveChannel<Int>, count: Int): Long {
        var sum = 0L
        repeat(count) { sum += channel.receive() }
        return sum
    }
}
