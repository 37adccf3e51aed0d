package dev.loomchan.internal;

/**
 * The states of a cell, the names the engine's state machine is written in. A cell has two slots, an element and a
 * state (see {@link ChannelSegment}); the state slot holds either one of the markers below or a waiter: a
 * {@link Waiter} parked in the cell ({@code SENDER_READY} or {@code RECEIVER_READY}, depending on the side it came
 * from) or a {@link WaiterEB}, a waiting receiver or sender that the buffer expansion has already passed over.
 *
 * <p>Each cell is visited by exactly one sender and one receiver, picked by the global counters, and possibly by one
 * buffer expansion ({@code expandBuffer}) and by the close or cancel procedure. {@code docs/algorithm.md} draws the
 * whole diagram with the Kotlin symbol each state corresponds to.
 *
 * <pre>
 *  EMPTY (null)      nobody has come yet.        left by: sender (-&gt; BUFFERED, SENDER_READY, INTERRUPTED_SEND when
 *                    closed or trySend), receiver (-&gt; RECEIVER_READY, POISONED, INTERRUPTED_RECEIVE for
 *                    tryReceive), expandBuffer (-&gt; IN_BUFFER), hasElements (-&gt; POISONED), close (-&gt; CLOSED)
 *  IN_BUFFER         expandBuffer reached the empty cell: it is part of the buffer now, so a sender arriving here
 *                    buffers its element instead of waiting.   left by: sender (-&gt; BUFFERED), receiver
 *                    (-&gt; POISONED, RECEIVER_READY, INTERRUPTED_RECEIVE), hasElements (-&gt; POISONED), close
 *  BUFFERED          an element waits in the cell for its receiver.       left by: receiver (-&gt; MATCHED), cancel
 *  SENDER_READY      (a Waiter) a sender waits with its element.  left by: receiver (via RESUMING_BY_RCV), expandBuffer
 *                    (via RESUMING_BY_EB, or -&gt; WaiterEB), its own cancellation (-&gt; INTERRUPTED_SEND), cancel
 *  RECEIVER_READY    (a Waiter) a receiver waits.    left by: sender (-&gt; MATCHED, or -&gt; INTERRUPTED_RECEIVE if
 *                    the receiver had cancelled), expandBuffer (-&gt; WaiterEB), its own cancellation, close
 *  RESUMING_BY_RCV   a receiver is claiming the waiting sender: -&gt; MATCHED, or INTERRUPTED_SEND if the sender
 *                    had cancelled. Transient; left by that receiver only.
 *  RESUMING_BY_EB    expandBuffer is claiming the waiting sender: -&gt; BUFFERED, or INTERRUPTED_SEND. Transient.
 *  MATCHED           the element was handed over.                          final
 *  POISONED          the receiver came first and, seeing a sender was already on its way, made the cell unusable
 *                    so both retry elsewhere.                              final
 *  INTERRUPTED_SEND  the sender gave up (interrupt, time-out, trySend, closed channel).   final
 *  INTERRUPTED_RECEIVE the receiver gave up (interrupt, time-out, tryReceive).             final
 *  CLOSED            close or cancel sealed the cell.                      final
 * </pre>
 *
 * <p>The cells that end INTERRUPTED_SEND, INTERRUPTED_RECEIVE or CLOSED count as cleaned for their segment (MATCHED
 * and POISONED cells do not: the receive segment pointer moves past them anyway); when all cells of a segment are
 * cleaned and nothing points at it, the segment is unlinked (see {@link Segment}).
 */
final class CellState {
    private CellState() {
    }

    /** A named singleton marker, printed by its name in dumps. */
    static final class Marker {
        private final String name;

        Marker(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An element waits in the cell for its receiver. Kotlin: {@code BUFFERED}. */
    static final Object BUFFERED = new Marker("BUFFERED");
    /** expandBuffer included the still empty cell in the buffer. Kotlin: {@code IN_BUFFER}. */
    static final Object IN_BUFFER = new Marker("IN_BUFFER");
    /** A receiver is resuming the waiting sender. Kotlin: {@code RESUMING_BY_RCV}. */
    static final Object RESUMING_BY_RCV = new Marker("RESUMING_BY_RCV");
    /** expandBuffer is resuming the waiting sender. Kotlin: {@code RESUMING_BY_EB}. */
    static final Object RESUMING_BY_EB = new Marker("RESUMING_BY_EB");
    /** The receiver broke the cell before its sender arrived. Kotlin: {@code POISONED}. */
    static final Object POISONED = new Marker("POISONED");
    /** The element was received. Kotlin: {@code DONE_RCV}. */
    static final Object MATCHED = new Marker("MATCHED");
    /** The sender of this cell gave up. Kotlin: {@code INTERRUPTED_SEND}. */
    static final Object INTERRUPTED_SEND = new Marker("INTERRUPTED_SEND");
    /** The receiver of this cell gave up. Kotlin: {@code INTERRUPTED_RCV}. */
    static final Object INTERRUPTED_RECEIVE = new Marker("INTERRUPTED_RECEIVE");
    /** Close or cancel sealed the cell. Kotlin: {@code CHANNEL_CLOSED}. */
    static final Object CLOSED = new Marker("CLOSED");

    /** True for the states after which nothing will ever happen in the cell again. */
    static boolean isFinal(Object state) {
        return state == MATCHED || state == POISONED || state == INTERRUPTED_SEND
                || state == INTERRUPTED_RECEIVE || state == CLOSED;
    }
}
