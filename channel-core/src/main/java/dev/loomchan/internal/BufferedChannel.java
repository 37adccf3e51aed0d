package dev.loomchan.internal;

import dev.loomchan.Channel;
import dev.loomchan.ChannelIterator;
import dev.loomchan.ChannelResult;
import dev.loomchan.ChannelStatistics;
import dev.loomchan.ChannelTracer;
import dev.loomchan.ClosedReceiveChannelException;
import dev.loomchan.ClosedSendChannelException;
import dev.loomchan.SelectClause;
import dev.loomchan.UndeliveredElementException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The channel engine: rendezvous, buffered and unlimited channels (conflated ones extend it), after the algorithm of
 * Koval, Khalanskiy and Alistarh, "Fast and Scalable Channels in Kotlin Coroutines" (PPoPP 2023), as implemented by
 * kotlinx.coroutines' {@code BufferedChannel}. Blocking operations park the calling thread on a {@link Waiter}
 * instead of suspending a coroutine.
 *
 * <h2>Cells and counters</h2>
 * The channel is an infinite array of cells, stored as a linked list of {@link ChannelSegment}s of
 * {@link #SEGMENT_SIZE} cells. Three counters that only grow index it: {@code senders} (S), {@code receivers} (R)
 * and {@code bufferEnd} (B). A send takes the cell {@code S++} and a receive the cell {@code R++}, each with one
 * fetch-and-add, so every cell meets exactly one sender and one receiver, and the two never contend on a lock: they
 * meet in the cell, whose state is changed by CAS (see {@link CellState} for the states and who may leave each).
 *
 * <ul>
 *   <li>A sender that finds its cell empty either <em>buffers</em> its element (when the cell is below the buffer
 *   end, {@code s < B}, or a receiver is already on its way, {@code s < R}) or publishes a waiter and parks. A sender
 *   that finds a waiting receiver hands it the element directly.</li>
 *   <li>A receiver that finds its cell empty either parks (if no sender has taken the cell yet, {@code r >= S}) or
 *   <em>poisons</em> it (a sender took it but has not arrived: both retry further on, so that neither waits on a
 *   thread that may be slow). A receiver that finds an element takes it; one that finds a waiting sender claims it
 *   and takes its element.</li>
 *   <li>Each completed receive moves the buffer end one cell further ({@link #expandBuffer()}): the cell at B joins
 *   the buffer, so a sender parked there is resumed with its element left as buffered, and an empty cell is marked
 *   {@code IN_BUFFER} for the sender that will come. Rendezvous (B = 0) and unlimited (B = infinity) channels skip
 *   this.</li>
 * </ul>
 *
 * <h2>Runs</h2>
 * The batch operations ({@code drainTo}, {@code receiveMany}, {@code trySendAll}, {@code sendAll}) claim a run of
 * cells with one CAS on R or S instead of one fetch-and-add per cell, and only cells that cannot make their owner
 * wait: below S for receivers, inside the buffer for senders (both bounds only grow), all in one segment. Each cell of
 * a run then goes through exactly the transitions a single operation at that index would, so the run is the same as
 * that many operations back to back; a run's buffer expansions are made together ({@link #expandBuffer(int)}).
 *
 * <h2>Closing</h2>
 * The close status lives in the top bits of the senders counter, so a sender learns with its fetch-and-add whether
 * it came before or after the close: the linearization point of close is the CAS that sets those bits. Closing then
 * seals the segment list, marks the cells no sender can reach as {@code CLOSED} and wakes the receivers waiting
 * there. Cancelling also removes the buffered elements and the waiting senders, each element going to
 * {@code onUndeliveredElement} once. Every operation that observes the close status helps finish this procedure
 * (it is idempotent), so nobody waits for the thread that closed.
 *
 * <h2>Waiting and cancellation</h2>
 * A blocked operation publishes a {@link Waiter} in its cell; exactly one of its resumer and its own cancellation
 * (interrupt or time-out) wins a CAS on the waiter. The loser of that race never touches the element: a resumer that
 * loses marks the cell interrupted and moves on to another cell; an owner that loses returns the value it was handed.
 * A cancelled cell counts as cleaned for its segment, and a segment whose cells are all cleaned is unlinked, so
 * cancelled waiters leave nothing behind. The fast paths allocate nothing: a waiter is allocated only when the
 * operation is about to park, on a second pass over the same cell.
 *
 * <h2>Memory ordering</h2>
 * The counters and cell states are accessed with volatile semantics (fetch-and-add, CAS, volatile loads) because
 * the algorithm reasons about the order in which threads observe several of them: a buffer expansion increments B and
 * then reads S, while a sender increments S and then reads B, and at least one of them must see the other's increment
 * (a Dekker-style pairing that only sequentially consistent accesses give). Elements are written with release stores before the state
 * CAS that publishes them, and read after the state that says they are there, so they need nothing stronger.
 *
 * <h2>Statistics</h2>
 * Nothing is counted on the fast paths: the number of sends and receives is read off S and R, and the slow paths
 * (parking, cancellation, failed cells, drops) count what the difference needs in {@link SlowPathCounters}.
 */
public class BufferedChannel<E> extends ChannelCounters implements Channel<E> {

    /** Cells per segment: {@code -Dloomchan.channel.segmentSize}, 32 by default (small values stress the list). */
    static final int SEGMENT_SIZE = segmentSize();

    private static final long BUFFER_END_RENDEZVOUS = 0L;
    private static final long BUFFER_END_UNLIMITED = Long.MAX_VALUE;

    // Close status in the top bits of sendersAndCloseStatus.
    private static final int SENDERS_CLOSE_STATUS_SHIFT = 60;
    private static final long SENDERS_COUNTER_MASK = (1L << SENDERS_CLOSE_STATUS_SHIFT) - 1;
    private static final int CLOSE_STATUS_ACTIVE = 0;
    private static final int CLOSE_STATUS_CANCELLATION_STARTED = 1;
    private static final int CLOSE_STATUS_CLOSED = 2;
    private static final int CLOSE_STATUS_CANCELLED = 3;

    // The pause flag of completedExpandBuffersAndPauseFlag.
    private static final long EB_PAUSE_BIT = 1L << 62;
    private static final long EB_COMPLETED_MASK = EB_PAUSE_BIT - 1;
    private static final int EXPAND_BUFFER_COMPLETION_WAIT_ITERATIONS = 10_000;
    /** How long a receiver waits for the sender that took its cell to write it, in spin-wait hints. */
    private static final int SENDER_WRITE_SPINS = 64;

    // Results of updateCellSend.
    private static final int RESULT_RENDEZVOUS = 0;
    private static final int RESULT_BUFFERED = 1;
    private static final int RESULT_SUSPEND = 2;
    private static final int RESULT_SUSPEND_NO_WAITER = 3;
    private static final int RESULT_CLOSED = 4;
    private static final int RESULT_FAILED = 5;

    // Results of updateCellReceive besides the element itself.
    private static final Object SUSPEND = new CellState.Marker("SUSPEND");
    private static final Object SUSPEND_NO_WAITER = new CellState.Marker("SUSPEND_NO_WAITER");
    /** {@link #receiveCell}: the cell yielded no element, and the buffer expansion it owes is still to be made. */
    private static final Object FAILED_EXPAND = new CellState.Marker("FAILED_EXPAND");
    static final Object FAILED = new CellState.Marker("FAILED");
    /** A batch receive settled the cell (MATCHED) and left its element there, to be retrieved after the run. */
    private static final Object IN_CELL = new CellState.Marker("IN_CELL");

    // The "waiter" argument of sendImpl/receiveImpl when it is not a Waiter.
    /** Park if needed: a waiter is allocated on the second pass over the cell. */
    static final Object WAIT = new CellState.Marker("WAIT");

    // Results of sendImpl/receiveImpl and of the blocking helpers, besides an element or a Waiter.
    /** The send completed: its element was buffered or handed over. */
    static final Object DONE = Waiter.DONE;
    /** The channel is closed for the operation. */
    static final Object CLOSED = Waiter.CHANNEL_CLOSED;
    /** A non-blocking operation found nothing to do. */
    static final Object NOT_NOW = new CellState.Marker("NOT_NOW");
    /** A timed operation ran out of time. */
    static final Object TIMED_OUT = new CellState.Marker("TIMED_OUT");

    private static final Object NO_CLOSE_CAUSE = new CellState.Marker("NO_CLOSE_CAUSE");
    private static final Object CLOSE_HANDLER_CLOSED = new CellState.Marker("CLOSE_HANDLER_CLOSED");
    private static final Object CLOSE_HANDLER_INVOKED = new CellState.Marker("CLOSE_HANDLER_INVOKED");

    final int capacity;
    final Consumer<? super E> onUndeliveredElement;
    final String name;
    private final boolean rendezvousOrUnlimited;
    final SlowPathCounters counters = new SlowPathCounters();
    /** The installed tracer, or null: the slow paths that report events test this one field. */
    final TraceHook trace;

    /** NO_CLOSE_CAUSE while open; then the close cause (null allowed) or a {@link ChannelCancelledException}. */
    private volatile Object closeCause = NO_CLOSE_CAUSE;
    /** null, the handler, CLOSE_HANDLER_CLOSED (closed before any handler) or CLOSE_HANDLER_INVOKED. */
    private volatile Object closeHandler;

    BufferedChannel(int capacity, Consumer<? super E> onUndeliveredElement, String name) {
        this(capacity, onUndeliveredElement, name, null);
    }

    BufferedChannel(int capacity, Consumer<? super E> onUndeliveredElement, String name, ChannelTracer tracer) {
        if (capacity < 0) {
            throw new IllegalArgumentException("invalid channel capacity " + capacity + ": must be >= 0");
        }
        this.capacity = capacity;
        this.onUndeliveredElement = onUndeliveredElement;
        this.name = name;
        this.trace = TraceHook.of(tracer);
        long initialBufferEnd = capacity == 0 ? BUFFER_END_RENDEZVOUS
                : capacity == Channel.UNLIMITED ? BUFFER_END_UNLIMITED : capacity;
        this.rendezvousOrUnlimited = initialBufferEnd == BUFFER_END_RENDEZVOUS
                || initialBufferEnd == BUFFER_END_UNLIMITED;
        initBufferEnd(initialBufferEnd);
        ChannelSegment first = new ChannelSegment(0, null, this, rendezvousOrUnlimited ? 2 : 3);
        initSendSegment(first);
        initReceiveSegment(first);
        // Rendezvous and unlimited channels never expand the buffer: no pointer for it, so it pins no segment.
        initBufferEndSegment(rendezvousOrUnlimited ? null : first);
        VarHandle.releaseFence(); // the channel may be handed to other threads through a data race
    }

    // =================================================================================================================
    // Send
    // =================================================================================================================

    @Override
    public void send(E element) throws InterruptedException {
        Objects.requireNonNull(element, "element");
        sendWaiting(element, singleOperationWait());
    }

    /** A blocking send; {@code how} says how a virtual thread waits (see {@link Waiter.VirtualWait}). */
    private void sendWaiting(E element, Waiter.VirtualWait how) throws InterruptedException {
        Object result = sendImpl(element, WAIT);
        if (result == DONE) {
            return;
        }
        if (result instanceof Waiter w) {
            result = awaitSend(w, element, false, 0L, how);
        }
        if (result == CLOSED) {
            throw onClosedSend(element);
        }
        // DONE
    }

    /**
     * How a virtual thread waits in a single operation: actively on a rendezvous channel, where the partner meets it
     * in the cell; in a nap elsewhere, so that its resumer may put its wake-up off ({@link DeferredWake}).
     */
    private Waiter.VirtualWait singleOperationWait() {
        return capacity == 0 ? Waiter.VirtualWait.ACTIVE : Waiter.VirtualWait.NAP;
    }

    /**
     * How a virtual thread waits in a batch operation: actively on a rendezvous channel; elsewhere it parks at once,
     * since its partner should go on working beside it, on the other carrier, rather than after it.
     */
    private Waiter.VirtualWait batchOperationWait() {
        return capacity == 0 ? Waiter.VirtualWait.ACTIVE : Waiter.VirtualWait.PARK;
    }

    @Override
    public boolean send(E element, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(element, "element");
        long nanos = WaitTime.nanos(timeout);
        if (nanos == 0L) {
            ChannelResult<Void> r = trySend(element);
            if (r.isClosed()) {
                throw onClosedSend(element);
            }
            return r.isSuccess();
        }
        Object result = sendImpl(element, WAIT);
        if (result instanceof Waiter w) {
            // The clock is read only once the send must wait: a read costs 20-50 ns here.
            result = awaitSend(w, element, true, System.nanoTime() + nanos, singleOperationWait());
        }
        if (result == CLOSED) {
            throw onClosedSend(element);
        }
        return result == DONE;
    }

    @Override
    public ChannelResult<Void> trySend(E element) {
        Objects.requireNonNull(element, "element");
        Object result = trySendImpl(element);
        if (result == DONE) {
            return ChannelResult.success(null);
        }
        if (result == CLOSED) {
            return ChannelResult.closed(closedResultCause());
        }
        return ChannelResult.failure();
    }

    /**
     * The non-blocking send: {@link #DONE}, {@link #CLOSED} (the element stays the caller's), or {@link #NOT_NOW}. It
     * publishes no waiter; at worst it gives up one cell, which the receiver of that cell skips.
     */
    final Object trySendImpl(E element) {
        if (shouldSendSuspend(lvSendersAndCloseStatus())) {
            return NOT_NOW;
        }
        return sendImpl(element, CellState.INTERRUPTED_SEND);
    }

    @Override
    public int trySendAll(List<? extends E> elements) {
        requireNoNulls(elements);
        int sent = sendRuns(elements, 0);
        DeferredWake.wakeNow(); // a run's receivers work beside it, not after it (see sendRuns)
        return sent;
    }

    @Override
    public void sendAll(List<? extends E> elements) throws InterruptedException {
        requireNoNulls(elements);
        int n = elements.size();
        int sent = 0;
        while (sent < n) {
            sent = sendRuns(elements, sent);
            if (sent < n) {
                E next = elements.get(sent);
                try {
                    // waits for room; throws when closed or interrupted (next went to onUndeliveredElement)
                    sendWaiting(next, batchOperationWait());
                } catch (InterruptedException | RuntimeException e) {
                    handOverRest(elements, sent + 1, e);
                    throw e;
                }
                sent++;
            }
        }
        DeferredWake.wakeNow(); // a run's receivers work beside it, not after it (see sendRuns)
    }

    /**
     * The batch send. It claims a run of cells with one CAS on the senders counter: cells inside the buffer (below
     * the buffer end or the receivers counter plus the capacity, read before the CAS; both only grow) or, for a
     * rendezvous channel, cells whose receivers already came, all in one segment. Such a cell never makes its sender
     * wait, so each is processed as a send that may not wait ({@link #sendInBuffer}): the element is buffered or handed
     * to a waiting receiver. A cell that a receiver broke or gave up, or that a close sealed, cannot take an
     * element: the element moves on to the next cell of the run, and what the run could not place goes in a later
     * run, so the elements keep their order. Once the channel is closing, no new run is claimed.
     *
     * <p>The receivers a run resumes may be napping virtual threads, whose wake-up the run puts off as any send does
     * ({@link DeferredWake}); the batch operations unpark them before they return. A thread that moves elements in
     * runs has paid the crossing between cores once per run, so its partner should work on the other core at the same
     * time instead of waiting for this thread's next wait.
     *
     * @return the index of the first element not sent
     */
    private int sendRuns(List<? extends E> elements, int from) {
        int n = elements.size();
        int next = from;
        ChannelSegment segment = lvSendSegment();
        while (next < n) {
            long sendersAndCloseStatus = lvSendersAndCloseStatus();
            if (closeStatus(sendersAndCloseStatus) != CLOSE_STATUS_ACTIVE) {
                break;
            }
            long s = sendersAndCloseStatus & SENDERS_COUNTER_MASK;
            long room = Math.max(lvBufferEnd(), lvReceivers() + capacity) - s;
            if (room <= 0) {
                break;
            }
            long id = s / SEGMENT_SIZE;
            if (segment.id != id) {
                ChannelSegment found = findSegmentSend(id, segment);
                if (found == null) {
                    continue; // removed segments were skipped, or the list was sealed by close: look again
                }
                segment = found;
            }
            int first = (int) (s % SEGMENT_SIZE);
            int run = (int) Math.min(Math.min(n - next, room), SEGMENT_SIZE - first);
            if (!casSendersAndCloseStatus(sendersAndCloseStatus, sendersAndCloseStatus + run)) {
                continue;
            }
            boolean metReceiver = false;
            for (int i = first; i < first + run; i++) {
                int result = sendInBuffer(segment, i, elements.get(next), s + (i - first));
                if (result == RESULT_BUFFERED || result == RESULT_RENDEZVOUS) {
                    metReceiver |= result == RESULT_RENDEZVOUS;
                    next++;
                } else if (result == RESULT_FAILED || result == RESULT_CLOSED) {
                    counters.failedSendCells.increment(); // the element moves on to the next cell
                } else {
                    throw new AssertionError("a cell inside the buffer asked its sender to wait: " + result);
                }
            }
            if (metReceiver) {
                // As after a single send's rendezvous: receivers are past this segment. Never after buffering only,
                // since cancel finds buffered elements by walking back over the prev links.
                segment.cleanPrev();
            }
        }
        return next;
    }

    /** A send into cell {@code i}, known to lie inside the buffer: an empty cell needs no look at the buffer end. */
    private int sendInBuffer(ChannelSegment segment, int i, E element, long s) {
        segment.storeElement(i, element);
        if (segment.getState(i) == null && segment.casState(i, null, CellState.BUFFERED)) {
            return RESULT_BUFFERED;
        }
        return updateCellSendSlow(segment, i, element, s, CellState.INTERRUPTED_SEND, false);
    }

    static void requireNoNulls(List<?> elements) {
        Objects.requireNonNull(elements, "elements");
        for (int i = 0, n = elements.size(); i < n; i++) {
            if (elements.get(i) == null) {
                throw new NullPointerException("element " + i + " is null; nothing was sent");
            }
        }
    }

    /** A batch send that failed: the elements from {@code from} on were not sent and go to onUndeliveredElement. */
    final void handOverRest(List<? extends E> elements, int from, Exception cause) {
        for (int i = from, n = elements.size(); i < n; i++) {
            UndeliveredElementException failure = callUndelivered(elements.get(i), null);
            if (failure != null) {
                cause.addSuppressed(failure);
            }
        }
    }

    /**
     * Parks on a published sender waiter. Returns DONE, or TIMED_OUT (the element is the caller's again). Throws the
     * cancellation exception if cancel claimed the waiter (cancel already handed the element to
     * onUndeliveredElement), or InterruptedException after handing the element to onUndeliveredElement itself.
     */
    private Object awaitSend(Waiter w, E element, boolean timed, long deadline, Waiter.VirtualWait how)
            throws InterruptedException {
        int outcome = w.await(timed, deadline, how);
        if (outcome == Waiter.CLAIMED) {
            Object v = w.value();
            w.recycle();
            if (v == CLOSED) {
                throw sendException();
            }
            return DONE;
        }
        w.segment.onWaiterCancelled(w.index, true);
        counters.cancelledSenders.increment();
        if (outcome == Waiter.TIMED_OUT) {
            return TIMED_OUT;
        }
        InterruptedException interrupted = new InterruptedException("send interrupted; the element went to onUndeliveredElement");
        UndeliveredElementException failure = callUndelivered(element, null);
        if (failure != null) {
            failure.addSuppressed(interrupted);
            Thread.currentThread().interrupt(); // the interrupt is not reported by an InterruptedException: keep it
            throw failure;
        }
        throw interrupted;
    }

    /** A send found the channel closed: the element goes to onUndeliveredElement; returns what to throw. */
    final RuntimeException onClosedSend(E element) {
        RuntimeException closed = sendException();
        UndeliveredElementException failure = callUndelivered(element, null);
        if (failure != null) {
            failure.addSuppressed(closed);
            return failure;
        }
        return closed;
    }

    /**
     * The send template, shared by every kind of send. {@code waiter} says what to do when the operation would have
     * to wait: {@link #WAIT} publishes a new {@link Waiter} and returns it; {@link CellState#INTERRUPTED_SEND} gives
     * the cell up and returns {@link #NOT_NOW} (trySend); {@link CellState#BUFFERED} buffers the element anyway and
     * drops the oldest (conflated DROP_OLDEST); a {@link CellWaiter} (a select's {@link SelectRegistration}) is published
     * as it is.
     *
     * @return {@link #DONE}, {@link #CLOSED}, {@link #NOT_NOW}, or the published waiter
     */
    final Object sendImpl(E element, Object waiter) {
        ChannelSegment segment = lvSendSegment();
        for (;;) {
            long sendersAndCloseStatus = gaiSendersAndCloseStatus();
            long s = sendersAndCloseStatus & SENDERS_COUNTER_MASK;
            boolean closed = isClosedForSend0(sendersAndCloseStatus);
            long id = s / SEGMENT_SIZE;
            int i = (int) (s % SEGMENT_SIZE);
            if (segment.id != id) {
                ChannelSegment found = findSegmentSend(id, segment);
                if (found == null) {
                    counters.failedSendCells.increment(); // the cell's segment was removed or the list sealed
                    if (closed) {
                        return CLOSED;
                    }
                    continue;
                }
                segment = found;
            }
            int result = updateCellSend(segment, i, element, s, waiter, closed);
            if (result == RESULT_SUSPEND_NO_WAITER) {
                // Second pass over the same cell, now with a waiter to publish.
                Waiter w = Waiter.obtain();
                w.enqueue();
                waiter = w;
                result = updateCellSend(segment, i, element, s, w, false);
            }
            switch (result) {
                case RESULT_RENDEZVOUS:
                    segment.cleanPrev();
                    return DONE;
                case RESULT_BUFFERED:
                    return DONE;
                case RESULT_SUSPEND:
                    if (closed) {
                        segment.cleanElement(i);
                        segment.onSlotCleaned();
                        return CLOSED;
                    }
                    return onSendSuspend(segment, i, waiter);
                case RESULT_CLOSED:
                    if (s < lvReceivers()) {
                        segment.cleanPrev();
                    }
                    counters.failedSendCells.increment();
                    return CLOSED;
                case RESULT_FAILED:
                    segment.cleanPrev();
                    counters.failedSendCells.increment();
                    continue;
                default:
                    throw new AssertionError("unexpected send result " + result);
            }
        }
    }

    private Object onSendSuspend(ChannelSegment segment, int i, Object waiter) {
        if (waiter instanceof CellWaiter w) {
            w.placedIn(segment, i);
            counters.sendSuspensions.increment();
            return w;
        }
        if (waiter == CellState.INTERRUPTED_SEND) { // trySend: the cell is given up at once
            segment.cleanElement(i); // the element stays the caller's: the dead cell must not keep it alive
            segment.onSlotCleaned();
            counters.failedSendCells.increment();
            return NOT_NOW;
        }
        // waiter == BUFFERED: a DROP_OLDEST send buffered beyond the buffer end; make room by dropping the oldest.
        dropFirstElementUntilTheSpecifiedCellIsInTheBuffer(segment.globalIndex(i));
        return DONE;
    }

    private int updateCellSend(ChannelSegment segment, int i, E element, long s, Object waiter, boolean closed) {
        segment.storeElement(i, element);
        if (closed) {
            return updateCellSendSlow(segment, i, element, s, waiter, true);
        }
        Object state = segment.getState(i);
        if (state == null) {
            if (bufferOrRendezvousSend(s)) {
                if (segment.casState(i, null, CellState.BUFFERED)) {
                    return RESULT_BUFFERED;
                }
            } else {
                if (waiter == WAIT) {
                    return RESULT_SUSPEND_NO_WAITER;
                }
                if (segment.casState(i, null, waiter)) {
                    return RESULT_SUSPEND;
                }
            }
        } else if (state instanceof CellWaiter receiver) {
            segment.cleanElement(i);
            return resumeReceiver(segment, i, receiver, element);
        }
        return updateCellSendSlow(segment, i, element, s, waiter, false);
    }

    private int updateCellSendSlow(ChannelSegment segment, int i, E element, long s, Object waiter, boolean closed) {
        for (;;) {
            Object state = segment.getState(i);
            if (state == null) {
                if (bufferOrRendezvousSend(s) && !closed) {
                    if (segment.casState(i, null, CellState.BUFFERED)) {
                        return RESULT_BUFFERED;
                    }
                } else if (closed) {
                    if (segment.casState(i, null, CellState.INTERRUPTED_SEND)) {
                        segment.cleanElement(i);
                        segment.onCancelledRequest(i, false);
                        return RESULT_CLOSED;
                    }
                } else if (waiter == WAIT) {
                    return RESULT_SUSPEND_NO_WAITER;
                } else if (segment.casState(i, null, waiter)) {
                    return RESULT_SUSPEND;
                }
            } else if (state == CellState.IN_BUFFER) {
                if (segment.casState(i, state, CellState.BUFFERED)) {
                    return RESULT_BUFFERED;
                }
            } else if (state == CellState.INTERRUPTED_RECEIVE || state == CellState.POISONED) {
                segment.cleanElement(i);
                return RESULT_FAILED;
            } else if (state == CellState.CLOSED) {
                segment.cleanElement(i);
                completeCloseOrCancel();
                return RESULT_CLOSED;
            } else {
                // A waiting receiver, possibly already passed over by expandBuffer.
                segment.cleanElement(i);
                CellWaiter receiver = state instanceof WaiterEB eb ? eb.waiter : (CellWaiter) state;
                return resumeReceiver(segment, i, receiver, element);
            }
        }
    }

    /** Hands {@code element} to the receiver waiting in cell {@code i}, or marks the cell if it gave up. */
    private int resumeReceiver(ChannelSegment segment, int i, CellWaiter receiver, E element) {
        if (receiver.resume(element) == CellWaiter.RESUMED) {
            segment.setState(i, CellState.MATCHED);
            counters.receiveWaitersServed.increment();
            return RESULT_RENDEZVOUS;
        }
        if (segment.getAndSetState(i, CellState.INTERRUPTED_RECEIVE) != CellState.INTERRUPTED_RECEIVE) {
            counters.receiveWaitersAbandoned.increment(); // else the owner's withdrawal counted it
            segment.onCancelledRequest(i, true);
        }
        return RESULT_FAILED;
    }

    private boolean shouldSendSuspend(long sendersAndCloseStatus) {
        if (isClosedForSend0(sendersAndCloseStatus)) {
            return false;
        }
        return !bufferOrRendezvousSend(sendersAndCloseStatus & SENDERS_COUNTER_MASK);
    }

    /** True if a sender of cell {@code s} may leave its element without waiting. */
    private boolean bufferOrRendezvousSend(long s) {
        return s < lvBufferEnd() || s < lvReceivers() + capacity;
    }

    // =================================================================================================================
    // Receive
    // =================================================================================================================

    @Override
    public E receive() throws InterruptedException {
        Object result = receiveBlocking();
        if (result == CLOSED) {
            throw receiveException();
        }
        return cast(result);
    }

    @Override
    public E receive(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        if (nanos == 0L) {
            ChannelResult<E> r = tryReceive();
            if (r.isClosed()) {
                throw receiveException();
            }
            return r.getOrNull();
        }
        Object result = receiveImpl(WAIT);
        if (result instanceof Waiter w) {
            // The clock is read only once the receive must wait, as in send(element, timeout).
            result = awaitReceive(w, true, System.nanoTime() + nanos, singleOperationWait());
        }
        if (result == CLOSED) {
            throw receiveException();
        }
        return result == TIMED_OUT ? null : cast(result);
    }

    @Override
    public ChannelResult<E> receiveCatching() throws InterruptedException {
        Object result = receiveBlocking();
        if (result == CLOSED) {
            return ChannelResult.closed(closedResultCause());
        }
        return ChannelResult.success(cast(result));
    }

    @Override
    public ChannelResult<E> tryReceive() {
        Object result = tryReceiveImpl();
        if (result == CLOSED) {
            return ChannelResult.closed(closedResultCause());
        }
        if (result == NOT_NOW) {
            return ChannelResult.failure();
        }
        return ChannelResult.success(cast(result));
    }

    /**
     * The non-blocking receive: the element, {@link #CLOSED} or {@link #NOT_NOW}. It publishes no waiter; at worst it
     * breaks a cell whose sender did not write it in time (that sender moves on to the next) and gives up the next
     * cell, which its sender then skips.
     */
    final Object tryReceiveImpl() {
        long r = lvReceivers();
        long sendersAndCloseStatus = lvSendersAndCloseStatus();
        if (isClosedForReceive0(sendersAndCloseStatus)) {
            return CLOSED;
        }
        if (r >= (sendersAndCloseStatus & SENDERS_COUNTER_MASK)) {
            return NOT_NOW;
        }
        return receiveImpl(CellState.INTERRUPTED_RECEIVE);
    }

    @Override
    public int drainTo(Collection<? super E> sink, int maxElements) {
        Objects.requireNonNull(sink, "sink");
        int taken = maxElements <= 0 ? 0 : drainImpl(sink, maxElements);
        DeferredWake.wakeNow(); // the senders a run resumed work beside it (see sendRuns)
        return taken;
    }

    @Override
    public int receiveMany(Collection<? super E> sink, int maxElements) throws InterruptedException {
        Objects.requireNonNull(sink, "sink");
        if (maxElements < 1) {
            throw new IllegalArgumentException("maxElements must be at least 1, was " + maxElements);
        }
        int taken = drainImpl(sink, maxElements);
        if (taken == 0) {
            Object first = receiveBlocking(batchOperationWait());
            if (first == CLOSED) {
                throw receiveException();
            }
            addOrHandOver(sink, cast(first));
            taken = 1 + drainImpl(sink, maxElements - 1);
        }
        DeferredWake.wakeNow(); // the senders a run resumed work beside it (see sendRuns)
        return taken;
    }

    /**
     * The batch receive. It claims a run of cells with one CAS on the receivers counter: cells that senders have
     * already taken (below the senders counter read before the CAS, which only grows), all in one segment, so the run
     * needs one segment lookup. Each cell of the run is then processed as a receive that found its sender ahead of it
     * would process it, {@link #receiveCell}: it takes a buffered element, resumes a waiting sender and takes its
     * element, or breaks a cell whose sender has not written yet (after a short wait for it), which makes that sender
     * retry in another cell. No cell of the run can make the caller wait. The buffer expansions the run owes are made
     * together afterwards ({@link #expandBuffer(int)}). Claiming with a CAS rather than
     * a fetch-and-add keeps the claim inside what the senders counter showed; when other receivers move the counter
     * first, the CAS fails and the run is recomputed.
     *
     * <p>Every claimed cell is processed, whatever {@code sink} does: once {@code sink.add} has thrown, the rest of
     * the run's elements go to onUndeliveredElement and the exception is rethrown after the run.
     */
    private int drainImpl(Collection<? super E> sink, int maxElements) {
        int taken = 0;
        Throwable sinkFailure = null;
        ChannelSegment segment = lvReceiveSegment();
        while (taken < maxElements && sinkFailure == null) {
            long sendersAndCloseStatus = lvSendersAndCloseStatus();
            if (isClosedForReceive0(sendersAndCloseStatus)) {
                break;
            }
            long s = sendersAndCloseStatus & SENDERS_COUNTER_MASK;
            long r = lvReceivers();
            if (r >= s) {
                break;
            }
            long id = r / SEGMENT_SIZE;
            if (segment.id != id) {
                ChannelSegment found = findSegmentReceive(id, segment);
                if (found == null) {
                    continue; // removed segments were skipped, or the list was sealed by close: look again
                }
                segment = found;
            }
            int first = (int) (r % SEGMENT_SIZE);
            int run = (int) Math.min(Math.min(maxElements - taken, s - r),
                    Math.min(SEGMENT_SIZE - first, Long.SIZE));
            if (!casReceivers(r, r + run)) {
                continue;
            }
            // First every cell of the run is settled, its element left in place (bit k of 'settled': cell first + k
            // holds an element this run took); then the elements go to the sink. The cells' compare-and-sets stay
            // together, ahead of whatever the sink writes (a zero-copy sink writes to each element), so that the
            // cache misses of one do not wait for the other's.
            long settled = 0L;
            int expansions = 0;
            for (int k = 0; k < run; k++) {
                Object result = receiveCell(segment, first + k, r + k, CellState.INTERRUPTED_RECEIVE, true);
                if (result == FAILED || result == FAILED_EXPAND) {
                    expansions += result == FAILED_EXPAND ? 1 : 0;
                    counters.failedReceiveCells.increment();
                    continue;
                }
                expansions++;
                settled |= 1L << k;
            }
            for (int k = 0; k < run; k++) {
                if ((settled & (1L << k)) == 0) {
                    continue;
                }
                E element = cast(segment.retrieveElement(first + k));
                if (sinkFailure == null) {
                    try {
                        sink.add(element);
                        taken++;
                        continue;
                    } catch (Throwable e) { // an Error too: the rest of the run must still be processed
                        sinkFailure = e;
                    }
                }
                handOverRefused(element, sinkFailure);
            }
            expandBuffer(expansions);
            segment.cleanPrev();
        }
        if (sinkFailure != null) {
            throw rethrow(sinkFailure);
        }
        return taken;
    }

    /** An element a batch receive took but its collection refused (with {@code cause}): to onUndeliveredElement. */
    private void handOverRefused(E element, Throwable cause) {
        counters.refusedBySink.increment();
        UndeliveredElementException failure = callUndelivered(element, null);
        if (failure != null) {
            cause.addSuppressed(failure);
        }
    }

    /** {@code t}, which a collection's {@code add} threw and so is unchecked, to be thrown again. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (RuntimeException) t;
    }

    /**
     * A cell whose sender has taken its index but not written yet (its state is still {@code unwritten}, empty or
     * IN_BUFFER): waits a little for the write, because breaking the cell costs the sender a retry and both sides a
     * buffer expansion. Bounded: a sender whose thread was descheduled must not hold the receiver up.
     */
    private static void awaitSenderWrite(ChannelSegment segment, int i, Object unwritten) {
        for (int spins = SENDER_WRITE_SPINS; spins > 0 && segment.getState(i) == unwritten; spins--) {
            Thread.onSpinWait();
        }
    }

    /** Adds an element a receive already took; if {@code sink} refuses it, it goes to onUndeliveredElement. */
    private void addOrHandOver(Collection<? super E> sink, E element) {
        try {
            sink.add(element);
        } catch (Throwable e) {
            handOverRefused(element, e);
            throw rethrow(e);
        }
    }

    /** Receives, parking if needed (no time-out): the element, or CLOSED. */
    final Object receiveBlocking() throws InterruptedException {
        return receiveBlocking(singleOperationWait());
    }

    /** As {@link #receiveBlocking()}; {@code how} says how a virtual thread waits. */
    private Object receiveBlocking(Waiter.VirtualWait how) throws InterruptedException {
        Object result = receiveImpl(WAIT);
        if (!(result instanceof Waiter w)) {
            return result;
        }
        return awaitReceive(w, false, 0L, how);
    }

    /** Parks on a published receiver waiter: the element, CLOSED, or TIMED_OUT. */
    private Object awaitReceive(Waiter w, boolean timed, long deadline, Waiter.VirtualWait how)
            throws InterruptedException {
        int outcome = w.await(timed, deadline, how);
        if (outcome == Waiter.CLAIMED) {
            Object v = w.value(); // the element, or CLOSED
            w.recycleAfterReceive(this);
            return v;
        }
        w.segment.onWaiterCancelled(w.index, false);
        counters.cancelledReceivers.increment();
        if (outcome == Waiter.TIMED_OUT) {
            return TIMED_OUT;
        }
        throw new InterruptedException("receive interrupted; no element was taken");
    }

    /**
     * The receive template, shared by every kind of receive. {@code waiter}: {@link #WAIT} publishes a new
     * {@link Waiter} when the operation must wait and returns it; {@link CellState#INTERRUPTED_RECEIVE} gives the
     * cell up and returns {@link #NOT_NOW} (tryReceive); a {@link CellWaiter} (a select's {@link SelectRegistration})
     * is published as it is.
     *
     * @return the element, {@link #CLOSED}, {@link #NOT_NOW}, or the published waiter
     */
    final Object receiveImpl(Object waiter) {
        ChannelSegment segment = lvReceiveSegment();
        for (;;) {
            if (isClosedForReceive()) {
                return CLOSED;
            }
            long r = gaiReceivers();
            long id = r / SEGMENT_SIZE;
            int i = (int) (r % SEGMENT_SIZE);
            if (segment.id != id) {
                ChannelSegment found = findSegmentReceive(id, segment);
                if (found == null) {
                    counters.failedReceiveCells.increment(); // the cell's segment was removed or the list sealed
                    continue;
                }
                segment = found;
            }
            Object result = updateCellReceive(segment, i, r, waiter);
            if (result == SUSPEND_NO_WAITER) {
                Waiter w = Waiter.obtain();
                w.enqueue();
                waiter = w;
                result = updateCellReceive(segment, i, r, w);
            }
            if (result == SUSPEND) {
                return onReceiveSuspend(segment, i, waiter);
            }
            if (result == FAILED) {
                if (r < sendersCounter()) {
                    segment.cleanPrev();
                }
                counters.failedReceiveCells.increment();
                continue;
            }
            segment.cleanPrev();
            return result;
        }
    }

    private Object onReceiveSuspend(ChannelSegment segment, int i, Object waiter) {
        if (waiter instanceof CellWaiter w) {
            w.placedIn(segment, i);
            counters.receiveSuspensions.increment();
            return w;
        }
        // tryReceive: give the cell up at once.
        waitExpandBufferCompletion(segment.globalIndex(i));
        segment.onSlotCleaned();
        counters.failedReceiveCells.increment();
        return NOT_NOW;
    }

    final Object updateCellReceive(ChannelSegment segment, int i, long r, Object waiter) {
        Object state = segment.getState(i);
        if (state == null) {
            long s = sendersCounter();
            if (r >= s) {
                if (waiter == WAIT) {
                    return SUSPEND_NO_WAITER;
                }
                if (segment.casState(i, null, waiter)) {
                    expandBuffer();
                    return SUSPEND;
                }
            }
        } else if (state == CellState.BUFFERED) {
            if (segment.casState(i, state, CellState.MATCHED)) {
                expandBuffer();
                return segment.retrieveElement(i);
            }
        }
        return updateCellReceiveSlow(segment, i, r, waiter);
    }

    private Object updateCellReceiveSlow(ChannelSegment segment, int i, long r, Object waiter) {
        Object result = receiveCell(segment, i, r, waiter, false);
        if (result == FAILED || result == SUSPEND_NO_WAITER) {
            return result;
        }
        expandBuffer();
        return result == FAILED_EXPAND ? FAILED : result;
    }

    /**
     * The receiver's cell transitions, without the buffer expansion that most of them owe: returns the element or
     * {@link #SUSPEND} (an expansion is owed), {@link #FAILED_EXPAND} (the cell failed and an expansion is owed),
     * {@link #FAILED} or {@link #SUSPEND_NO_WAITER} (none is owed). The batch receive settles the expansions of a whole
     * run at once; it asks to {@code leaveElement} in a cell it settles, and gets {@link #IN_CELL} for the element.
     */
    private Object receiveCell(ChannelSegment segment, int i, long r, Object waiter, boolean leaveElement) {
        boolean waitedForSender = false;
        for (;;) {
            Object state = segment.getState(i);
            if (state == null || state == CellState.IN_BUFFER) {
                long s = sendersCounter();
                if (r < s) {
                    // The sender of this cell took it but has not written it yet. It writes within a few hundred
                    // nanoseconds unless its thread was descheduled, and breaking the cell costs both sides a
                    // retry in a new cell: wait a little first, then break it.
                    if (!waitedForSender) {
                        waitedForSender = true;
                        awaitSenderWrite(segment, i, state);
                        continue;
                    }
                    if (segment.casState(i, state, CellState.POISONED)) {
                        return FAILED_EXPAND;
                    }
                } else {
                    if (waiter == WAIT) {
                        return SUSPEND_NO_WAITER;
                    }
                    if (segment.casState(i, state, waiter)) {
                        return SUSPEND;
                    }
                }
            } else if (state == CellState.BUFFERED) {
                if (segment.casState(i, state, CellState.MATCHED)) {
                    return leaveElement ? IN_CELL : segment.retrieveElement(i);
                }
            } else if (state == CellState.INTERRUPTED_SEND || state == CellState.POISONED) {
                return FAILED;
            } else if (state == CellState.CLOSED) {
                return FAILED_EXPAND;
            } else if (state == CellState.RESUMING_BY_EB) {
                Thread.onSpinWait(); // expandBuffer is resuming the sender here; wait for it to finish
            } else if (segment.casState(i, state, CellState.RESUMING_BY_RCV)) {
                // A waiting sender.
                boolean helpExpandBuffer = state instanceof WaiterEB;
                CellWaiter sender = state instanceof WaiterEB eb ? eb.waiter : (CellWaiter) state;
                int resumed = sender.resume(DONE);
                if (resumed == CellWaiter.RESUMED) {
                    segment.setState(i, CellState.MATCHED);
                    counters.sendWaitersClaimed.increment();
                    return leaveElement ? IN_CELL : segment.retrieveElement(i);
                }
                counters.sendWaitersAbandoned.increment();
                if (resumed == CellWaiter.REREGISTER) {
                    segment.cleanElement(i); // the select keeps offering its element in another cell
                }
                segment.setState(i, CellState.INTERRUPTED_SEND);
                segment.onCancelledRequest(i, false);
                return helpExpandBuffer ? FAILED_EXPAND : FAILED;
            }
        }
    }

    /**
     * DROP_OLDEST: receives, and hands to onUndeliveredElement, the oldest elements until the cell
     * {@code globalCellIndex} lies inside the buffer. Kotlin's function of the same name.
     */
    final void dropFirstElementUntilTheSpecifiedCellIsInTheBuffer(long globalCellIndex) {
        ChannelSegment segment = lvReceiveSegment();
        UndeliveredElementException failure = null;
        for (;;) {
            long r = lvReceivers();
            if (globalCellIndex < Math.max(r + capacity, lvBufferEnd())) {
                break;
            }
            if (!casReceivers(r, r + 1)) {
                continue;
            }
            long id = r / SEGMENT_SIZE;
            int i = (int) (r % SEGMENT_SIZE);
            if (segment.id != id) {
                ChannelSegment found = findSegmentReceive(id, segment);
                if (found == null) {
                    counters.failedReceiveCells.increment();
                    continue;
                }
                segment = found;
            }
            Object result = updateCellReceive(segment, i, r, CellState.INTERRUPTED_RECEIVE);
            if (result == SUSPEND) {
                // Cannot happen while r < S holds here; if it did, give the cell up as tryReceive does.
                onReceiveSuspend(segment, i, CellState.INTERRUPTED_RECEIVE);
            } else if (result == FAILED) {
                if (r < sendersCounter()) {
                    segment.cleanPrev();
                }
                counters.failedReceiveCells.increment();
            } else {
                segment.cleanPrev();
                counters.droppedOldest.increment();
                failure = callUndelivered(cast(result), failure, true);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // =================================================================================================================
    // Select clauses
    // =================================================================================================================

    @Override
    public <R> SelectClause<R> onReceive(Function<? super E, ? extends R> block) {
        return ReceiveClause.receive(this, Objects.requireNonNull(block, "block"));
    }

    @Override
    public <R> SelectClause<R> onReceiveCatching(Function<? super ChannelResult<E>, ? extends R> block) {
        return ReceiveClause.receiveCatching(this, Objects.requireNonNull(block, "block"));
    }

    @Override
    public <R> SelectClause<R> onSend(E element, Supplier<? extends R> block) {
        return new SendClause<>(this, Objects.requireNonNull(element, "element"), Objects.requireNonNull(block, "block"));
    }

    /**
     * Registers a select's send clause: {@link #DONE}, {@link #CLOSED}, or the registration, published in a cell.
     * Channels whose sends never wait override this.
     */
    Object registerSelectSend(E element, SelectRegistration registration) {
        return sendImpl(element, registration);
    }

    /**
     * A select's look before it registers anything: {@link #DONE} if the element entered the channel without
     * waiting, {@link #CLOSED} (the element stays the select's), or {@link #NOT_NOW}. Channels whose sends never wait
     * override this.
     */
    Object trySelectSend(E element) {
        return trySendImpl(element);
    }

    // =================================================================================================================
    // Buffer expansion
    // =================================================================================================================

    /**
     * Moves the buffer end one cell further, after a receive freed a place. The cell at the old end joins the buffer:
     * a sender parked there is resumed (its element stays, as buffered), an empty cell is marked IN_BUFFER. Cells
     * whose receiver is already past them need nothing. If the cell's sender gave up, the expansion moves on to the
     * next cell, so that the buffer keeps its size.
     */
    final void expandBuffer() {
        if (rendezvousOrUnlimited) {
            return;
        }
        ChannelSegment segment = lvBufferEndSegment();
        for (;;) {
            long b = gaiBufferEnd();
            long id = b / SEGMENT_SIZE;
            long s = sendersCounter();
            if (s <= b) {
                // No sender has reached the cell yet; it will see bufferEnd and buffer its element.
                if (segment.id < id && segment.next() != null) {
                    moveSegmentBufferEndToSpecifiedOrLast(id, segment);
                }
                incCompletedExpandBufferAttempts(1);
                return;
            }
            if (segment.id != id) {
                ChannelSegment found = findSegmentBufferEnd(id, segment, b);
                if (found == null) {
                    continue;
                }
                segment = found;
            }
            int i = (int) (b % SEGMENT_SIZE);
            boolean expanded = updateCellExpandBuffer(segment, i, b);
            incCompletedExpandBufferAttempts(1);
            if (expanded) {
                return;
            }
        }
    }

    /**
     * Makes {@code n} buffer expansions, as {@code n} calls of {@link #expandBuffer()} would, for a batch receive. The
     * run of {@code n} cells is claimed with one CAS on the buffer-end counter, and the senders counter is read once
     * after it. A cell at or above it has no sender yet, who will find the new buffer end after taking the cell, as in
     * the single step: such cells need nothing but counting, however many segments they span. Each cell below it is
     * expanded as in the single step, looking its segment up from the buffer-end pointer read before the claim (the
     * pointer may since have moved past segments that other claims reached; read earlier, it cannot be past this
     * run's first cell unless that cell's segment was removed). A cell whose sender gave up, or whose segment was
     * removed, owes another expansion, as in the single step.
     */
    final void expandBuffer(int n) {
        if (rendezvousOrUnlimited) {
            return;
        }
        while (n > 1) {
            ChannelSegment segment = lvBufferEndSegment();
            long b = lvBufferEnd();
            if (!casBufferEnd(b, b + n)) {
                continue;
            }
            long end = b + n;
            long withSenders = Math.min(sendersCounter(), end);
            int again = 0;
            int completed = 0;
            for (long cell = b; cell < withSenders; cell++) {
                long id = cell / SEGMENT_SIZE;
                if (segment.id != id) {
                    ChannelSegment found = findSegmentBufferEnd(id, segment, cell);
                    if (found == null) {
                        again++; // the cell's segment was removed (its completion is counted already) or closed
                        continue;
                    }
                    segment = found;
                }
                if (!updateCellExpandBuffer(segment, (int) (cell % SEGMENT_SIZE), cell)) {
                    again++;
                }
                completed++;
            }
            if (withSenders < end) {
                // Cells no sender has reached: keep the pointer near the buffer end, where the list has got to.
                long lastId = (end - 1) / SEGMENT_SIZE;
                if (segment.id < lastId && segment.next() != null) {
                    moveSegmentBufferEndToSpecifiedOrLast(lastId, segment);
                }
                completed += (int) (end - Math.max(b, withSenders));
            }
            incCompletedExpandBufferAttempts(completed);
            n = again;
        }
        if (n == 1) {
            expandBuffer();
        }
    }

    private boolean updateCellExpandBuffer(ChannelSegment segment, int i, long b) {
        Object state = segment.getState(i);
        if (state instanceof CellWaiter sender && b >= lvReceivers()
                && segment.casState(i, state, CellState.RESUMING_BY_EB)) {
            return resumeSenderIntoBuffer(segment, i, sender);
        }
        return updateCellExpandBufferSlow(segment, i, b);
    }

    private boolean updateCellExpandBufferSlow(ChannelSegment segment, int i, long b) {
        for (;;) {
            Object state = segment.getState(i);
            if (state instanceof CellWaiter w) {
                if (b < lvReceivers()) {
                    // The receiver of this cell already came: mark the waiter as passed over by expandBuffer.
                    if (segment.casState(i, state, new WaiterEB(w))) {
                        return true;
                    }
                } else if (segment.casState(i, state, CellState.RESUMING_BY_EB)) {
                    return resumeSenderIntoBuffer(segment, i, w);
                }
            } else if (state == CellState.INTERRUPTED_SEND) {
                return false;
            } else if (state == null) {
                if (segment.casState(i, null, CellState.IN_BUFFER)) {
                    return true;
                }
            } else if (state == CellState.RESUMING_BY_RCV) {
                Thread.onSpinWait(); // the receiver is resuming the sender here
            } else {
                // BUFFERED, POISONED, MATCHED, INTERRUPTED_RECEIVE, CLOSED, or a WaiterEB: nothing to do.
                return true;
            }
        }
    }

    private boolean resumeSenderIntoBuffer(ChannelSegment segment, int i, CellWaiter sender) {
        int resumed = sender.resume(DONE);
        if (resumed == CellWaiter.RESUMED) {
            segment.setState(i, CellState.BUFFERED);
            counters.sendWaitersClaimed.increment();
            return true;
        }
        counters.sendWaitersAbandoned.increment();
        if (resumed == CellWaiter.REREGISTER) {
            segment.cleanElement(i);
        }
        segment.setState(i, CellState.INTERRUPTED_SEND);
        segment.onCancelledRequest(i, false);
        return false;
    }

    private void incCompletedExpandBufferAttempts(long n) {
        long now = aagCompletedExpandBuffers(n);
        if ((now & EB_PAUSE_BIT) != 0) {
            while ((lvCompletedExpandBuffers() & EB_PAUSE_BIT) != 0) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Waits until every buffer expansion that may be working on the cell {@code globalIndex} has finished, so that a
     * cancelled receiver's cell is not removed under an expansion that has not processed it yet. Spins; if the
     * expansions keep running, pauses new ones until the running ones are done.
     */
    final void waitExpandBufferCompletion(long globalIndex) {
        if (rendezvousOrUnlimited) {
            return;
        }
        while (lvBufferEnd() <= globalIndex) {
            Thread.onSpinWait();
        }
        for (int k = 0; k < EXPAND_BUFFER_COMPLETION_WAIT_ITERATIONS; k++) {
            long b = lvBufferEnd();
            long completed = lvCompletedExpandBuffers() & EB_COMPLETED_MASK;
            if (b == completed && b == lvBufferEnd()) {
                return;
            }
        }
        setExpandBufferPause(true);
        for (;;) {
            long b = lvBufferEnd();
            long completedAndPause = lvCompletedExpandBuffers();
            long completed = completedAndPause & EB_COMPLETED_MASK;
            boolean paused = (completedAndPause & EB_PAUSE_BIT) != 0;
            if (b == completed && b == lvBufferEnd()) {
                setExpandBufferPause(false);
                return;
            }
            if (!paused) {
                casCompletedExpandBuffers(completedAndPause, completed | EB_PAUSE_BIT);
            }
            Thread.onSpinWait();
        }
    }

    private void setExpandBufferPause(boolean pause) {
        for (;;) {
            long cur = lvCompletedExpandBuffers();
            long update = pause ? (cur | EB_PAUSE_BIT) : (cur & EB_COMPLETED_MASK);
            if (casCompletedExpandBuffers(cur, update)) {
                return;
            }
        }
    }

    // =================================================================================================================
    // Close and cancel
    // =================================================================================================================

    @Override
    public boolean close(Throwable cause) {
        return closeOrCancel(cause, false);
    }

    @Override
    public void cancel(Throwable cause) {
        closeOrCancel(new ChannelCancelledException(cause), true);
    }

    private boolean closeOrCancel(Throwable cause, boolean cancel) {
        if (cancel) {
            markCancellationStarted();
        }
        boolean closedByThis = CLOSE_CAUSE.compareAndSet(this, NO_CLOSE_CAUSE, cause);
        if (cancel) {
            markCancelled();
        } else {
            markClosed();
        }
        if (trace != null) {
            if (cancel) {
                trace.cancelled(this, cause.getCause());
            } else if (closedByThis) {
                trace.closed(this, cause);
            }
        }
        // Both the completion (cancel hands elements to onUndeliveredElement) and the close handler may throw; the
        // handler runs whatever the completion did, and neither failure hides the other.
        Throwable failure = null;
        try {
            completeCloseOrCancel();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (closedByThis) {
            try {
                invokeCloseHandler();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw (Error) failure;
        }
        return closedByThis;
    }

    @Override
    public void invokeOnClose(Consumer<? super Throwable> handler) {
        Objects.requireNonNull(handler, "handler");
        if (CLOSE_HANDLER.compareAndSet(this, null, handler)) {
            return;
        }
        for (;;) {
            Object cur = closeHandler;
            if (cur == CLOSE_HANDLER_CLOSED) {
                if (CLOSE_HANDLER.compareAndSet(this, CLOSE_HANDLER_CLOSED, CLOSE_HANDLER_INVOKED)) {
                    handler.accept(closeCause());
                    return;
                }
            } else if (cur == CLOSE_HANDLER_INVOKED) {
                throw new IllegalStateException("invokeOnClose: another handler was already registered and invoked");
            } else {
                throw new IllegalStateException("invokeOnClose: another handler is already registered: " + cur);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void invokeCloseHandler() {
        for (;;) {
            Object cur = closeHandler;
            // No handler yet: leave CLOSED so that a later invokeOnClose runs its handler at once.
            Object update = cur == null ? CLOSE_HANDLER_CLOSED : CLOSE_HANDLER_INVOKED;
            if (CLOSE_HANDLER.compareAndSet(this, cur, update)) {
                if (cur != null && cur != CLOSE_HANDLER_CLOSED && cur != CLOSE_HANDLER_INVOKED) {
                    ((Consumer<? super Throwable>) cur).accept(closeCause());
                }
                return;
            }
        }
    }

    private void markClosed() {
        for (;;) {
            long cur = lvSendersAndCloseStatus();
            int status = closeStatus(cur);
            long update;
            if (status == CLOSE_STATUS_ACTIVE) {
                update = withCloseStatus(cur, CLOSE_STATUS_CLOSED);
            } else if (status == CLOSE_STATUS_CANCELLATION_STARTED) {
                update = withCloseStatus(cur, CLOSE_STATUS_CANCELLED);
            } else {
                return;
            }
            if (casSendersAndCloseStatus(cur, update)) {
                return;
            }
        }
    }

    private void markCancelled() {
        for (;;) {
            long cur = lvSendersAndCloseStatus();
            if (closeStatus(cur) == CLOSE_STATUS_CANCELLED
                    || casSendersAndCloseStatus(cur, withCloseStatus(cur, CLOSE_STATUS_CANCELLED))) {
                return;
            }
        }
    }

    private void markCancellationStarted() {
        for (;;) {
            long cur = lvSendersAndCloseStatus();
            if (closeStatus(cur) != CLOSE_STATUS_ACTIVE
                    || casSendersAndCloseStatus(cur, withCloseStatus(cur, CLOSE_STATUS_CANCELLATION_STARTED))) {
                return;
            }
        }
    }

    /** Finishes a close or cancel that was started, helping whoever started it. */
    private void completeCloseOrCancel() {
        isClosedForSend();
    }

    /** Conflated DROP_OLDEST channels must drop, on close, the elements beyond the buffer. */
    boolean isConflatedDropOldest() {
        return false;
    }

    private ChannelSegment completeClose(long sendersCur) {
        ChannelSegment lastSegment = closeLinkedList();
        if (isConflatedDropOldest()) {
            long lastBuffered = markAllEmptyCellsAsClosed(lastSegment);
            if (lastBuffered != -1L) {
                dropFirstElementUntilTheSpecifiedCellIsInTheBuffer(lastBuffered);
            }
        }
        cancelSuspendedReceiveRequests(lastSegment, sendersCur);
        return lastSegment;
    }

    private void completeCancel(long sendersCur) {
        ChannelSegment lastSegment = completeClose(sendersCur);
        removeUnprocessedElements(lastSegment);
    }

    private ChannelSegment closeLinkedList() {
        ChannelSegment last = lvBufferEndSegment();
        ChannelSegment send = lvSendSegment();
        ChannelSegment receive = lvReceiveSegment();
        if (last == null || send.id > last.id) {
            last = send;
        }
        if (receive.id > last.id) {
            last = receive;
        }
        return last.closeList();
    }

    /** DROP_OLDEST: seals the empty cells after the last buffered one, whose index is returned (-1 if none). */
    private long markAllEmptyCellsAsClosed(ChannelSegment lastSegment) {
        ChannelSegment segment = lastSegment;
        for (;;) {
            for (int i = SEGMENT_SIZE - 1; i >= 0; i--) {
                long globalIndex = segment.globalIndex(i);
                if (globalIndex < lvReceivers()) {
                    return -1L;
                }
                for (;;) {
                    Object state = segment.getState(i);
                    if (state == null || state == CellState.IN_BUFFER) {
                        if (segment.casState(i, state, CellState.CLOSED)) {
                            segment.onSlotCleaned();
                            break;
                        }
                    } else if (state == CellState.BUFFERED) {
                        return globalIndex;
                    } else {
                        break;
                    }
                }
            }
            segment = segment.prev();
            if (segment == null) {
                return -1L;
            }
        }
    }

    /**
     * Cancel: removes, from the last cell backwards, the buffered elements and waiting senders that no receiver has
     * reached, handing each element to onUndeliveredElement exactly once: a waiting sender's element only if the
     * sender is claimed here (if it had cancelled itself, its element is its own business).
     */
    private void removeUnprocessedElements(ChannelSegment lastSegment) {
        UndeliveredElementException failure = null;
        ChannelSegment segment = lastSegment;
        process:
        while (segment != null) {
            for (int i = SEGMENT_SIZE - 1; i >= 0; i--) {
                long globalIndex = segment.globalIndex(i);
                for (;;) {
                    Object state = segment.getState(i);
                    if (state == CellState.MATCHED) {
                        break process;
                    } else if (state == CellState.BUFFERED) {
                        if (globalIndex < lvReceivers()) {
                            break process;
                        }
                        if (segment.casState(i, state, CellState.CLOSED)) {
                            Object element = segment.getElement(i);
                            segment.cleanElement(i);
                            segment.onSlotCleaned();
                            counters.cancelledElements.increment();
                            failure = callUndelivered(cast(element), failure);
                            break;
                        }
                    } else if (state == CellState.IN_BUFFER || state == null) {
                        if (segment.casState(i, state, CellState.CLOSED)) {
                            segment.onSlotCleaned();
                            break;
                        }
                    } else if (state instanceof CellWaiter || state instanceof WaiterEB) {
                        if (globalIndex < lvReceivers()) {
                            break process;
                        }
                        CellWaiter sender = state instanceof WaiterEB eb ? eb.waiter : (CellWaiter) state;
                        if (segment.casState(i, state, CellState.CLOSED)) {
                            Object element = segment.getElement(i);
                            segment.cleanElement(i);
                            segment.onSlotCleaned();
                            if (sender.resume(CLOSED) == CellWaiter.RESUMED) {
                                counters.sendWaitersClaimed.increment();
                                counters.cancelledElements.increment();
                                failure = callUndelivered(cast(element), failure);
                            } else {
                                counters.sendWaitersAbandoned.increment(); // it gave up; its withdrawal finds CLOSED
                            }
                            break;
                        }
                    } else if (state == CellState.RESUMING_BY_EB || state == CellState.RESUMING_BY_RCV) {
                        break process;
                    } else {
                        break;
                    }
                }
            }
            segment = segment.prev();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Close: wakes, with CLOSED, the receivers waiting in cells that no sender can reach any more. */
    private void cancelSuspendedReceiveRequests(ChannelSegment lastSegment, long sendersCounter) {
        ChannelSegment segment = lastSegment;
        process:
        while (segment != null) {
            for (int i = SEGMENT_SIZE - 1; i >= 0; i--) {
                if (segment.globalIndex(i) < sendersCounter) {
                    break process;
                }
                for (;;) {
                    Object state = segment.getState(i);
                    if (state == null || state == CellState.IN_BUFFER) {
                        if (segment.casState(i, state, CellState.CLOSED)) {
                            segment.onSlotCleaned();
                            break;
                        }
                    } else if (state instanceof CellWaiter || state instanceof WaiterEB) {
                        CellWaiter receiver = state instanceof WaiterEB eb ? eb.waiter : (CellWaiter) state;
                        if (segment.casState(i, state, CellState.CLOSED)) {
                            receiver.resume(CLOSED);
                            counters.receiveWaitersAbandoned.increment(); // woken with CLOSED, or gave up already
                            segment.onCancelledRequest(i, true);
                            break;
                        }
                    } else {
                        break;
                    }
                }
            }
            segment = segment.prev();
        }
    }

    @Override
    public boolean isClosedForSend() {
        return isClosedForSend0(lvSendersAndCloseStatus());
    }

    private boolean isClosedForSend0(long sendersAndCloseStatus) {
        return isClosed(sendersAndCloseStatus, false);
    }

    @Override
    public boolean isClosedForReceive() {
        return isClosedForReceive0(lvSendersAndCloseStatus());
    }

    private boolean isClosedForReceive0(long sendersAndCloseStatus) {
        return isClosed(sendersAndCloseStatus, true);
    }

    private boolean isClosed(long sendersAndCloseStatus, boolean forReceive) {
        switch (closeStatus(sendersAndCloseStatus)) {
            case CLOSE_STATUS_ACTIVE:
            case CLOSE_STATUS_CANCELLATION_STARTED:
                return false;
            case CLOSE_STATUS_CLOSED:
                completeClose(sendersAndCloseStatus & SENDERS_COUNTER_MASK);
                return !forReceive || !hasElements();
            default:
                completeCancel(sendersAndCloseStatus & SENDERS_COUNTER_MASK);
                return true;
        }
    }

    @Override
    public boolean isEmpty() {
        if (isClosedForReceive()) {
            return false;
        }
        if (hasElements()) {
            return false;
        }
        return !isClosedForReceive();
    }

    /** True if a receive would find an element now; skips (and poisons) the cells that will never hold one. */
    final boolean hasElements() {
        for (;;) {
            ChannelSegment segment = lvReceiveSegment();
            long r = lvReceivers();
            long s = sendersCounter();
            if (s <= r) {
                return false;
            }
            long id = r / SEGMENT_SIZE;
            if (segment.id != id) {
                ChannelSegment found = findSegmentReceive(id, segment);
                if (found == null) {
                    if (lvReceiveSegment().id < id) {
                        return false;
                    }
                    continue;
                }
                segment = found;
            }
            segment.cleanPrev();
            int i = (int) (r % SEGMENT_SIZE);
            if (isCellNonEmpty(segment, i, r)) {
                return true;
            }
            if (casReceivers(r, r + 1)) { // if this fails, somebody moved the counter already
                counters.skippedReceiveCells.increment();
            }
        }
    }

    private boolean isCellNonEmpty(ChannelSegment segment, int i, long globalIndex) {
        for (;;) {
            Object state = segment.getState(i);
            if (state == null || state == CellState.IN_BUFFER) {
                if (segment.casState(i, state, CellState.POISONED)) {
                    expandBuffer();
                    return false;
                }
            } else if (state == CellState.BUFFERED || state == CellState.RESUMING_BY_EB) {
                return true;
            } else if (state == CellState.INTERRUPTED_SEND || state == CellState.CLOSED || state == CellState.MATCHED
                    || state == CellState.POISONED || state == CellState.RESUMING_BY_RCV) {
                return false;
            } else {
                // A waiting sender, or a receiver waiting in a cell the counter has passed.
                return globalIndex == lvReceivers();
            }
        }
    }

    // =================================================================================================================
    // Segments
    // =================================================================================================================

    private ChannelSegment findSegmentSend(long id, ChannelSegment startFrom) {
        ChannelSegment segment = findAndMoveForward(SEND, id, startFrom);
        if (segment == null) {
            completeCloseOrCancel();
            if (startFrom.id * SEGMENT_SIZE < lvReceivers()) {
                startFrom.cleanPrev();
            }
            return null;
        }
        if (segment.id > id) {
            // The segments in between were removed: all their cells were cancelled. Skip them.
            updateSendersCounterIfLower(segment.id * SEGMENT_SIZE);
            if (segment.id * SEGMENT_SIZE < lvReceivers()) {
                segment.cleanPrev();
            }
            return null;
        }
        return segment;
    }

    private ChannelSegment findSegmentReceive(long id, ChannelSegment startFrom) {
        ChannelSegment segment = findAndMoveForward(RECEIVE, id, startFrom);
        if (segment == null) {
            completeCloseOrCancel();
            if (startFrom.id * SEGMENT_SIZE < sendersCounter()) {
                startFrom.cleanPrev();
            }
            return null;
        }
        if (!rendezvousOrUnlimited && id <= lvBufferEnd() / SEGMENT_SIZE) {
            moveForward(BUFFER_END, segment);
        }
        if (segment.id > id) {
            updateReceiversCounterIfLower(segment.id * SEGMENT_SIZE);
            if (segment.id * SEGMENT_SIZE < sendersCounter()) {
                segment.cleanPrev();
            }
            return null;
        }
        return segment;
    }

    private ChannelSegment findSegmentBufferEnd(long id, ChannelSegment startFrom, long currentBufferEnd) {
        ChannelSegment segment = findAndMoveForward(BUFFER_END, id, startFrom);
        if (segment == null) {
            completeCloseOrCancel();
            moveSegmentBufferEndToSpecifiedOrLast(id, startFrom);
            incCompletedExpandBufferAttempts(1);
            return null;
        }
        if (segment.id > id) {
            // The cells skipped were all cancelled: jump the buffer end past them, counting them as expanded.
            if (casBufferEnd(currentBufferEnd + 1, segment.id * SEGMENT_SIZE)) {
                incCompletedExpandBufferAttempts(segment.id * SEGMENT_SIZE - currentBufferEnd);
            } else {
                incCompletedExpandBufferAttempts(1);
            }
            return null;
        }
        return segment;
    }

    private void moveSegmentBufferEndToSpecifiedOrLast(long id, ChannelSegment startFrom) {
        ChannelSegment segment = startFrom;
        while (segment.id < id) {
            ChannelSegment next = segment.next();
            if (next == null) {
                break;
            }
            segment = next;
        }
        for (;;) {
            while (segment.isRemoved()) {
                ChannelSegment next = segment.next();
                if (next == null) {
                    break;
                }
                segment = next;
            }
            if (moveForward(BUFFER_END, segment)) {
                return;
            }
        }
    }

    private void updateSendersCounterIfLower(long value) {
        for (;;) {
            long cur = lvSendersAndCloseStatus();
            if ((cur & SENDERS_COUNTER_MASK) >= value) {
                return;
            }
            long update = (cur & ~SENDERS_COUNTER_MASK) | value;
            if (casSendersAndCloseStatus(cur, update)) {
                counters.skippedSendCells.add(value - (cur & SENDERS_COUNTER_MASK));
                return;
            }
        }
    }

    private void updateReceiversCounterIfLower(long value) {
        for (;;) {
            long cur = lvReceivers();
            if (cur >= value) {
                return;
            }
            if (casReceivers(cur, value)) {
                counters.skippedReceiveCells.add(value - cur);
                return;
            }
        }
    }

    private static final int SEND = 0, RECEIVE = 1, BUFFER_END = 2;

    private ChannelSegment pointer(int which) {
        return switch (which) {
            case SEND -> lvSendSegment();
            case RECEIVE -> lvReceiveSegment();
            default -> lvBufferEndSegment();
        };
    }

    private boolean casPointer(int which, ChannelSegment expected, ChannelSegment update) {
        return switch (which) {
            case SEND -> casSendSegment(expected, update);
            case RECEIVE -> casReceiveSegment(expected, update);
            default -> casBufferEndSegment(expected, update);
        };
    }

    /** Finds (appending if needed) the segment {@code id} or the first alive one after it; moves the pointer there. */
    private ChannelSegment findAndMoveForward(int which, long id, ChannelSegment startFrom) {
        for (;;) {
            ChannelSegment s = startFrom.findOrAppend(id);
            if (s == null || moveForward(which, s)) {
                return s;
            }
        }
    }

    /** Moves the pointer forward to {@code to}, unless it is already there or further; false if {@code to} was removed. */
    private boolean moveForward(int which, ChannelSegment to) {
        for (;;) {
            ChannelSegment cur = pointer(which);
            if (cur.id >= to.id) {
                return true;
            }
            if (!to.tryIncPointers()) {
                return false;
            }
            if (casPointer(which, cur, to)) {
                if (cur.decPointers()) {
                    cur.remove();
                }
                return true;
            }
            if (to.decPointers()) {
                to.remove();
            }
        }
    }

    // =================================================================================================================
    // Helpers, exceptions, diagnostics
    // =================================================================================================================

    final long sendersCounter() {
        return lvSendersAndCloseStatus() & SENDERS_COUNTER_MASK;
    }

    final long receiversCounter() {
        return lvReceivers();
    }

    final long bufferEndCounter() {
        return lvBufferEnd();
    }

    private static int closeStatus(long sendersAndCloseStatus) {
        return (int) (sendersAndCloseStatus >>> SENDERS_CLOSE_STATUS_SHIFT);
    }

    private static long withCloseStatus(long sendersAndCloseStatus, int status) {
        return (sendersAndCloseStatus & SENDERS_COUNTER_MASK) | ((long) status << SENDERS_CLOSE_STATUS_SHIFT);
    }

    /** True once close or cancel has begun: one volatile read, no helping. */
    final boolean closeStarted() {
        return closeStatus(lvSendersAndCloseStatus()) != CLOSE_STATUS_ACTIVE;
    }

    /** True once cancel has begun. */
    final boolean isCancelled() {
        int status = closeStatus(lvSendersAndCloseStatus());
        return status == CLOSE_STATUS_CANCELLED || status == CLOSE_STATUS_CANCELLATION_STARTED;
    }

    /** The close cause: null while open or after a plain close. */
    final Throwable closeCause() {
        Object c = closeCause;
        return c == NO_CLOSE_CAUSE ? null : (Throwable) c;
    }

    /**
     * The cause a closed result reports: the close cause, or after a cancel a CancellationException (carrying the
     * close cause when a close came first), so that results agree with what the throwing operations throw.
     */
    final Throwable closedResultCause() {
        Throwable cause = closeCause();
        if (isCancelled() && !(cause instanceof CancellationException)) {
            return new ChannelCancelledException(cause);
        }
        return cause;
    }

    /** The state word for toString: open, closed or cancelled. */
    final String closeState() {
        return switch (closeStatus(lvSendersAndCloseStatus())) {
            case CLOSE_STATUS_ACTIVE -> "open";
            case CLOSE_STATUS_CLOSED -> "closed";
            default -> "cancelled";
        };
    }

    final RuntimeException sendException() {
        if (isCancelled()) {
            return cancellationException();
        }
        return new ClosedSendChannelException("channel " + displayName() + " was closed", closeCause());
    }

    final RuntimeException receiveException() {
        if (isCancelled()) {
            return cancellationException();
        }
        return new ClosedReceiveChannelException("channel " + displayName() + " was closed", closeCause());
    }

    private CancellationException cancellationException() {
        CancellationException e = new CancellationException("channel " + displayName() + " was cancelled");
        Throwable cause = closeCause();
        Throwable userCause = cause instanceof ChannelCancelledException ? cause.getCause() : cause;
        if (userCause != null) {
            e.initCause(userCause);
        }
        return e;
    }

    /**
     * Hands an undelivered element to the handler. Returns {@code previous}, or a new exception if the handler threw
     * and there was none yet; a later failure is added to the first as suppressed.
     */
    final UndeliveredElementException callUndelivered(E element, UndeliveredElementException previous) {
        return callUndelivered(element, previous, false);
    }

    /** As {@link #callUndelivered(Object, UndeliveredElementException)}; {@code dropped}: an overflow policy dropped it. */
    final UndeliveredElementException callUndelivered(E element, UndeliveredElementException previous,
                                                      boolean dropped) {
        Consumer<? super E> handler = onUndeliveredElement;
        counters.undelivered.increment();
        if (trace != null) {
            trace.undelivered(this, element, dropped);
        }
        if (handler == null) {
            return previous;
        }
        try {
            handler.accept(element);
            return previous;
        } catch (Throwable t) {
            if (previous != null) {
                previous.addSuppressed(t);
                return previous;
            }
            return new UndeliveredElementException(
                    "onUndeliveredElement of channel " + displayName() + " threw for element " + element, t);
        }
    }

    @SuppressWarnings("unchecked")
    static <E> E cast(Object o) {
        return (E) o;
    }

    /** The channel's kind, as in {@code buffered(16)}. */
    String kind() {
        if (capacity == 0) {
            return "rendezvous";
        }
        if (capacity == Channel.UNLIMITED) {
            return "unlimited";
        }
        return "buffered(" + capacity + ")";
    }

    final String displayName() {
        return name != null ? "'" + name + "'" : kind();
    }

    @Override
    public ChannelIterator<E> iterator() {
        return new ReceiveIterator<>(this);
    }

    /** Counts the segments reachable from the channel's pointers, following both links: a test hook for leaks. */
    public int reachableSegmentCount() {
        return ChannelDump.reachableSegments(this).size();
    }

    @Override
    public ChannelStatistics statistics() {
        return StatisticsReader.read(this);
    }

    @Override
    public String debugString() {
        return ChannelDump.dump(this);
    }

    @Override
    public String toString() {
        return ChannelDump.summary(this);
    }

    /** The close cause stored by cancel: a CancellationException carrying the user's cause, if any. */
    static final class ChannelCancelledException extends CancellationException {
        private static final long serialVersionUID = 1L;

        ChannelCancelledException(Throwable cause) {
            super("channel was cancelled");
            if (cause != null) {
                initCause(cause);
            }
        }
    }

    private static int segmentSize() {
        int size = Integer.getInteger("loomchan.channel.segmentSize", 32);
        if (size < 1 || size > 1 << 15) {
            throw new IllegalArgumentException("loomchan.channel.segmentSize must be in 1..32768, was " + size);
        }
        return size;
    }

    private static final VarHandle CLOSE_CAUSE;
    private static final VarHandle CLOSE_HANDLER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSE_CAUSE = l.findVarHandle(BufferedChannel.class, "closeCause", Object.class);
            CLOSE_HANDLER = l.findVarHandle(BufferedChannel.class, "closeHandler", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
