package dev.loomchan.benchmarks;

import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.benchmarks.kotlin.KotlinShapes;
import dev.loomchan.benchmarks.peers.Checksums;
import dev.loomchan.rendezvous.RequestChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;


/**
 * RequestReply: one caller asks one server, call after call, and waits for each answer; ns/op is nanoseconds per round
 * trip. The server echoes the request (values 0..127, whose boxes are cached), so B/op is what the pattern allocates.
 * <ul>
 *   <li>{@link Impl#LOOMCHAN}: the rendezvous module's {@code RequestChannel}: {@code call} against {@code serve}, the
 *       reply coming back through the slot in the request.</li>
 *   <li>{@link Impl#REQUEST_CHANNEL_PLATFORM_THREADS}: the same on two platform threads. Its B/op is what the library
 *       allocates per call (the call object and its share of a segment); on virtual threads B/op also counts what the
 *       JDK allocates to unmount and remount a parked virtual thread.</li>
 *   <li>{@link Impl#REPLY_CHANNEL_PER_CALL}: what people write without it: a request record carrying a fresh
 *       loomchan {@code Channel.buffered(1)} for the reply, sent over a rendezvous channel.</li>
 *   <li>{@link Impl#KOTLIN}: Kotlin's pattern, a request carrying a {@code CompletableDeferred}, over a rendezvous
 *       {@code Channel}, caller and server coroutines on {@code Dispatchers.Default}.</li>
 *   <li>{@link Impl#RENDEZVOUS_PING_PONG}: two plain loomchan rendezvous channels, one each way: a round trip made of
 *       exactly two hand-offs, each waited for (ns per round trip: twice the latency of one hand-off). The issue's
 *       target, a round trip at most twice a hand-off, is LOOMCHAN at most this.</li>
 *   <li>{@link Impl#RENDEZVOUS_HAND_OFF}: one way only, one loomchan rendezvous hand-off per element, streamed (ns per
 *       element): the hand-off's throughput, where sender and receiver overlap, a stricter yardstick than its
 *       latency.</li>
 * </ul>
 * Every thread is virtual unless the row says otherwise; each invocation makes its own channels and threads.
 */
@State(Scope.Benchmark)
public class RequestReplyBenchmark extends ShapeBenchmark {

    @Param({"LOOMCHAN", "REQUEST_CHANNEL_PLATFORM_THREADS", "REPLY_CHANNEL_PER_CALL", "KOTLIN", "RENDEZVOUS_PING_PONG",
            "RENDEZVOUS_HAND_OFF"})
    public Impl impl;

    @Param(Sizes.CALLS_PARAM)
    public int elements;

    @Benchmark
    @OperationsPerInvocation(Sizes.CALLS)
    public long requestReply() throws InterruptedException {
        long sum = switch (impl) {
            case LOOMCHAN -> requestChannel(Thread.ofVirtual(), elements);
            case REQUEST_CHANNEL_PLATFORM_THREADS -> requestChannel(Thread.ofPlatform(), elements);
            case REPLY_CHANNEL_PER_CALL -> replyChannelPerCall(elements);
            case KOTLIN -> KotlinShapes.requestReply(elements);
            case RENDEZVOUS_PING_PONG -> pingPong(elements);
            case RENDEZVOUS_HAND_OFF -> handOff(elements);
            default -> throw new IllegalArgumentException(impl + " does not run the RequestReply shape");
        };
        return Checksums.verify(Checksums.sequence(elements), sum);
    }

    private static long requestChannel(Thread.Builder threads, int calls) throws InterruptedException {
        RequestChannel<Integer, Integer> service = RequestChannel.create();
        return TwoThreads.run("request/reply", threads, () -> service.serve(q -> q), () -> {
            long sum = 0;
            for (int i = 0; i < calls; i++) {
                sum += service.call(Checksums.value(i));
            }
            service.close();
            return sum;
        });
    }

    /** A request with its own reply channel. */
    private record Ask(Integer value, Channel<Integer> replyTo) {
    }

    private static long replyChannelPerCall(int calls) throws InterruptedException {
        Channel<Ask> requests = Channel.rendezvous();
        return TwoThreads.run("request/reply", () -> {
            for (ChannelIterator<Ask> it = requests.iterator(); it.hasNext(); ) {
                Ask ask = it.next();
                ask.replyTo().send(ask.value());
            }
        }, () -> {
            long sum = 0;
            for (int i = 0; i < calls; i++) {
                Channel<Integer> reply = Channel.buffered(1);
                requests.send(new Ask(Checksums.value(i), reply));
                sum += reply.receive();
            }
            requests.close();
            return sum;
        });
    }

    private static long pingPong(int calls) throws InterruptedException {
        Channel<Integer> ping = Channel.rendezvous();
        Channel<Integer> pong = Channel.rendezvous();
        return TwoThreads.run("request/reply", () -> {
            for (int i = 0; i < calls; i++) {
                pong.send(ping.receive());
            }
        }, () -> {
            long sum = 0;
            for (int i = 0; i < calls; i++) {
                ping.send(Checksums.value(i));
                sum += pong.receive();
            }
            return sum;
        });
    }

    private static long handOff(int elements) throws InterruptedException {
        Channel<Integer> channel = Channel.rendezvous();
        return TwoThreads.run("request/reply", () -> {
            for (int i = 0; i < elements; i++) {
                channel.send(Checksums.value(i));
            }
        }, () -> {
            long sum = 0;
            for (int i = 0; i < elements; i++) {
                sum += channel.receive();
            }
            return sum;
        });
    }
}
