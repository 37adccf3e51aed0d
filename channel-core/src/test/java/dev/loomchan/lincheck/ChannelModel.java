package dev.loomchan.lincheck;

import dev.loomchan.BufferOverflow;
import dev.loomchan.Channel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sequential specification of a channel, as the Lincheck tests see it: a FIFO buffer of a capacity with an
 * overflow policy, a queue of waiting senders (each with its element) and a queue of waiting receivers, the close
 * token, whether the channel was cancelled, and the multiset of elements handed to {@code onUndeliveredElement}.
 *
 * <p>Results are the strings {@link ChannelOperations} turns the real channel's answers into: {@code "ok"},
 * {@code "failed"} (a try-operation that would have waited), an element such as {@code "3"}, {@code "true"} or
 * {@code "false"}, and {@code "Closed(t)"} or {@code "Cancelled(t)"} for an operation that met a channel closed, or
 * cancelled, with the cause token {@code t} (the token of the first close or cancel, as the engine keeps the first
 * cause).
 *
 * <p>Select clauses are specified by their plain counterparts: {@code select(onReceive)} is {@code receive},
 * {@code select(onSend)} is {@code send}, {@code select(onReceive, onDefault)} is {@code tryReceive}, and
 * {@code select(onSend, onDefault)} is {@code trySend} except that on a closed channel the element goes to
 * {@code onUndeliveredElement}, as for {@code send}.
 *
 * <p>One nested subclass per kind of channel gives Lincheck the no-argument constructor it needs.
 */
public class ChannelModel implements DualSpecification {
    public static final String OK = "ok";
    public static final String FAILED = "failed";

    private final int capacity;
    private final BufferOverflow overflow;
    /** Buffered elements, oldest first. */
    private final List<Integer> buffer;
    /** Senders waiting for room, first come first served; each holds its element. */
    private final List<WaitingSender> senders;
    /** Tickets of the receivers waiting for an element, first come first served. */
    private final List<Integer> receivers;
    /** Elements handed to onUndeliveredElement, kept sorted. */
    private final List<Integer> undelivered;
    /** The token of the first close or cancel; null while open. */
    private Integer closeToken;
    private boolean cancelled;

    private record WaitingSender(int ticket, int element) {
    }

    /**
     * @param capacity a {@link Channel} capacity constant ({@link Channel#RENDEZVOUS}, {@link Channel#CONFLATED},
     *                 {@link Channel#UNLIMITED}) or a buffer size
     * @param overflow what a send does when the buffer is full
     */
    protected ChannelModel(int capacity, BufferOverflow overflow) {
        this.capacity = capacity;
        this.overflow = overflow;
        this.buffer = new ArrayList<>();
        this.senders = new ArrayList<>();
        this.receivers = new ArrayList<>();
        this.undelivered = new ArrayList<>();
    }

    private ChannelModel(ChannelModel other) {
        this.capacity = other.capacity;
        this.overflow = other.overflow;
        this.buffer = new ArrayList<>(other.buffer);
        this.senders = new ArrayList<>(other.senders);
        this.receivers = new ArrayList<>(other.receivers);
        this.undelivered = new ArrayList<>(other.undelivered);
        this.closeToken = other.closeToken;
        this.cancelled = other.cancelled;
    }

    /** The real channel this model specifies, reporting undelivered elements to {@code onUndeliveredElement}. */
    Channel<Integer> newChannel(Consumer<Integer> onUndeliveredElement) {
        return Channel.<Integer>builder()
                .capacity(capacity)
                .onBufferOverflow(overflow)
                .onUndeliveredElement(onUndeliveredElement)
                .build();
    }

    /**
     * The operations after which no operation can wait for ever: cancel wakes every waiter; close wakes the waiting
     * receivers, which is enough only where sends never wait.
     */
    Set<String> releasesEveryWaiter() {
        return sendsMayWait() ? Set.of("cancel") : Set.of("cancel", "close");
    }

    /** The operations that send; see {@link #sendsMayRace()}. */
    static final Set<String> SEND_OPERATIONS = Set.of("send", "trySend", "selectSend", "selectSendOrDefault");

    /**
     * False for DROP_LATEST: there two racing sends are not linearizable (a send may drop its element for a buffer
     * that only looks full because another send has taken a cell and not written it yet, and whose cell then fails;
     * see {@code KnownNonLinearizabilityTest}). The generator then gives all sends to one thread.
     */
    boolean sendsMayRace() {
        return policy() != BufferOverflow.DROP_LATEST;
    }

    /**
     * Operations left out of this kind's scenarios: on DROP_LATEST, {@code isEmpty}, which can make a concurrent send
     * drop its element into an empty channel (see {@code KnownNonLinearizabilityTest}).
     */
    Set<String> leftOut() {
        return policy() == BufferOverflow.DROP_LATEST ? Set.of("isEmpty") : Set.of();
    }

    private boolean sendsMayWait() {
        return overflow == BufferOverflow.SUSPEND && capacity != Channel.UNLIMITED && capacity != Channel.CONFLATED;
    }

    private int bufferSize() {
        return capacity == Channel.CONFLATED ? 1 : capacity;
    }

    /** DROP_OLDEST for conflated channels, whose builder overflow is SUSPEND. */
    private BufferOverflow policy() {
        return capacity == Channel.CONFLATED ? BufferOverflow.DROP_OLDEST : overflow;
    }

    @Override
    public Step apply(String method, List<?> arguments, int ticket) {
        List<Completion> completed = new ArrayList<>();
        Object result = switch (method) {
            case "send", "selectSend" -> send(element(arguments), ticket, completed);
            case "trySend" -> trySend(element(arguments), false, completed);
            case "selectSendOrDefault" -> trySend(element(arguments), true, completed);
            case "receive", "receiveCatching", "selectReceive" -> receive(ticket, completed);
            case "tryReceive", "selectReceiveOrDefault" -> tryReceive(completed);
            case "close" -> close(token(arguments), completed);
            case "cancel" -> cancel(token(arguments), completed);
            case "isClosedForSend" -> String.valueOf(closeToken != null);
            case "isClosedForReceive" -> String.valueOf(isClosedForReceive());
            case "isEmpty" -> String.valueOf(!isClosedForReceive() && buffer.isEmpty() && senders.isEmpty());
            case "undeliveredElements" -> undelivered.toString();
            default -> throw new IllegalArgumentException("the channel model has no operation " + method);
        };
        return new Step(result, completed);
    }

    private Object send(int element, int ticket, List<Completion> completed) {
        if (closeToken != null) {
            drop(element);
            return closedResult();
        }
        if (offer(element, completed)) {
            return OK;
        }
        senders.add(new WaitingSender(ticket, element));
        return Step.WAITS;
    }

    private Object trySend(int element, boolean dropWhenClosed, List<Completion> completed) {
        if (closeToken != null) {
            if (dropWhenClosed) {
                drop(element);
            }
            return closedResult();
        }
        return offer(element, completed) ? OK : FAILED;
    }

    /** Hands the element to the first waiting receiver, buffers it, or applies the overflow policy. */
    private boolean offer(int element, List<Completion> completed) {
        if (!receivers.isEmpty()) {
            completed.add(new Completion(receivers.remove(0), String.valueOf(element)));
            return true;
        }
        if (buffer.size() < bufferSize()) {
            buffer.add(element);
            return true;
        }
        switch (policy()) {
            case DROP_OLDEST -> {
                drop(buffer.remove(0));
                buffer.add(element);
                return true;
            }
            case DROP_LATEST -> {
                drop(element);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private Object receive(int ticket, List<Completion> completed) {
        Object taken = poll(completed);
        if (taken != null) {
            return taken;
        }
        if (closeToken != null) {
            return closedResult();
        }
        receivers.add(ticket);
        return Step.WAITS;
    }

    private Object tryReceive(List<Completion> completed) {
        Object taken = poll(completed);
        if (taken != null) {
            return taken;
        }
        return closeToken != null ? closedResult() : FAILED;
    }

    /** Takes the oldest element, letting the first waiting sender into the buffer (or meeting it); null if none. */
    private Object poll(List<Completion> completed) {
        if (!buffer.isEmpty()) {
            int element = buffer.remove(0);
            if (!senders.isEmpty()) {
                WaitingSender sender = senders.remove(0);
                buffer.add(sender.element());
                completed.add(new Completion(sender.ticket(), OK));
            }
            return String.valueOf(element);
        }
        if (!senders.isEmpty()) {
            WaitingSender sender = senders.remove(0);
            completed.add(new Completion(sender.ticket(), OK));
            return String.valueOf(sender.element());
        }
        return null;
    }

    private Object close(int token, List<Completion> completed) {
        if (closeToken != null) {
            return "false";
        }
        closeToken = token;
        wakeReceivers(completed);
        return "true";
    }

    private Object cancel(int token, List<Completion> completed) {
        if (closeToken == null) {
            closeToken = token;
        }
        cancelled = true;
        wakeReceivers(completed);
        for (WaitingSender sender : senders) {
            drop(sender.element());
            completed.add(new Completion(sender.ticket(), closedResult()));
        }
        senders.clear();
        buffer.forEach(this::drop);
        buffer.clear();
        return OK;
    }

    private void wakeReceivers(List<Completion> completed) {
        for (int receiver : receivers) {
            completed.add(new Completion(receiver, closedResult()));
        }
        receivers.clear();
    }

    private boolean isClosedForReceive() {
        return cancelled || (closeToken != null && buffer.isEmpty() && senders.isEmpty());
    }

    private String closedResult() {
        return (cancelled ? "Cancelled(" : "Closed(") + closeToken + ")";
    }

    private void drop(int element) {
        int at = Collections.binarySearch(undelivered, element);
        undelivered.add(at < 0 ? -at - 1 : at, element);
    }

    private static int element(List<?> arguments) {
        return (Integer) arguments.get(0);
    }

    private static int token(List<?> arguments) {
        return (Integer) arguments.get(0);
    }

    @Override
    public ChannelModel copy() {
        return new ChannelModel(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelModel m
                && capacity == m.capacity && overflow == m.overflow
                && cancelled == m.cancelled && Objects.equals(closeToken, m.closeToken)
                && buffer.equals(m.buffer) && senders.equals(m.senders) && receivers.equals(m.receivers)
                && undelivered.equals(m.undelivered);
    }

    @Override
    public int hashCode() {
        return Objects.hash(buffer, senders, receivers, undelivered, closeToken, cancelled);
    }

    @Override
    public String toString() {
        return "ChannelModel[buffer=" + buffer + ", senders=" + senders + ", receivers=" + receivers
                + ", closeToken=" + closeToken + ", cancelled=" + cancelled + ", undelivered=" + undelivered + "]";
    }

    /** A rendezvous channel. */
    public static final class Rendezvous extends ChannelModel {
        public Rendezvous() {
            super(Channel.RENDEZVOUS, BufferOverflow.SUSPEND);
        }
    }

    /** A buffered channel of capacity 1. */
    public static final class Buffered1 extends ChannelModel {
        public Buffered1() {
            super(1, BufferOverflow.SUSPEND);
        }
    }

    /** A buffered channel of capacity 2. */
    public static final class Buffered2 extends ChannelModel {
        public Buffered2() {
            super(2, BufferOverflow.SUSPEND);
        }
    }

    /** An unlimited channel. */
    public static final class Unlimited extends ChannelModel {
        public Unlimited() {
            super(Channel.UNLIMITED, BufferOverflow.SUSPEND);
        }
    }

    /** A conflated channel: DROP_OLDEST with a buffer of one. */
    public static final class Conflated extends ChannelModel {
        public Conflated() {
            super(Channel.CONFLATED, BufferOverflow.SUSPEND);
        }
    }

    /** A DROP_LATEST channel with a buffer of one: a full buffer discards the new element. */
    public static final class DropLatest1 extends ChannelModel {
        public DropLatest1() {
            super(1, BufferOverflow.DROP_LATEST);
        }
    }
}
