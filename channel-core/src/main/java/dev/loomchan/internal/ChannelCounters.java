package dev.loomchan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The channel's hot counters, each group on cache lines of its own, laid out by a class hierarchy as JCTools does:
 * the JVM keeps a superclass's fields before a subclass's, so the padding classes between the field classes keep the
 * three groups apart. 16 longs (128 bytes) of padding also cover adjacent-line prefetching.
 *
 * Since JDK 15 the field packer may put a subclass's field into a hole left in a superclass's layout: the 4 bytes
 * between a 12-byte object header and the first long, or those after a compressed reference. Without care,
 * sendSegment would land beside the header and bufferEndSegment beside receivers, on the receivers' line. So every
 * padding class also declares 8 bytes, which the packer uses to fill the holes before it; no hole is left before a
 * group's padding for a later group's field to fall into. ChannelLayoutTest checks the offsets on the running JVM.
 *
 *   ChannelPad0 | SendersField   (sendersAndCloseStatus, sendSegment)    written by every send
 *   ChannelPad1 | ReceiversField (receivers, receiveSegment)             written by every receive
 *   ChannelPad2 | BufferEndField (bufferEnd, completedExpandBuffers,     written by every receive of a buffered
 *               |                 bufferEndSegment)                      channel (buffer expansion)
 *   ChannelPad3 | ChannelCounters                                        cold fields of the channel follow
 *
 * Accessor names give the ordering: lv = volatile load, cas = compare-and-set, gai = get-and-increment,
 * aag = add-and-get; init* are plain stores made in the constructor, published with the channel.
 */

abstract class ChannelPad0 {
    long p0_00;
    long p0_01;
    long p0_02;
    long p0_03;
    long p0_04;
    long p0_05;
    long p0_06;
    long p0_07;
    long p0_08;
    long p0_09;
    long p0_10;
    long p0_11;
    long p0_12;
    long p0_13;
    long p0_14;
    long p0_15;
    // Bytes fill the holes the field packer would otherwise hand to a later class's fields (see above).
    byte b0_0, b0_1, b0_2, b0_3, b0_4, b0_5, b0_6, b0_7;
}

abstract class SendersField extends ChannelPad0 {
    /** Senders counter in the low 60 bits, close status in the top bits (see BufferedChannel). */
    private volatile long sendersAndCloseStatus;
    /** The segment of the last cell a sender worked on. */
    private volatile ChannelSegment sendSegment;

    final long lvSendersAndCloseStatus() {
        return sendersAndCloseStatus;
    }

    final long gaiSendersAndCloseStatus() {
        return (long) SENDERS.getAndAdd(this, 1L);
    }

    final boolean casSendersAndCloseStatus(long expected, long update) {
        return SENDERS.compareAndSet(this, expected, update);
    }

    final ChannelSegment lvSendSegment() {
        return sendSegment;
    }

    final boolean casSendSegment(ChannelSegment expected, ChannelSegment update) {
        return SEND_SEGMENT.compareAndSet(this, expected, update);
    }

    final void initSendSegment(ChannelSegment s) {
        sendSegment = s;
    }

    private static final VarHandle SENDERS;
    private static final VarHandle SEND_SEGMENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SENDERS = l.findVarHandle(SendersField.class, "sendersAndCloseStatus", long.class);
            SEND_SEGMENT = l.findVarHandle(SendersField.class, "sendSegment", ChannelSegment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

abstract class ChannelPad1 extends SendersField {
    long p1_00;
    long p1_01;
    long p1_02;
    long p1_03;
    long p1_04;
    long p1_05;
    long p1_06;
    long p1_07;
    long p1_08;
    long p1_09;
    long p1_10;
    long p1_11;
    long p1_12;
    long p1_13;
    long p1_14;
    long p1_15;
    // Bytes fill the holes the field packer would otherwise hand to a later class's fields (see above).
    byte b1_0, b1_1, b1_2, b1_3, b1_4, b1_5, b1_6, b1_7;
}

abstract class ReceiversField extends ChannelPad1 {
    /** Receivers counter: how many receive attempts took a cell. */
    private volatile long receivers;
    /** The segment of the last cell a receiver worked on. */
    private volatile ChannelSegment receiveSegment;

    final long lvReceivers() {
        return receivers;
    }

    final long gaiReceivers() {
        return (long) RECEIVERS.getAndAdd(this, 1L);
    }

    final boolean casReceivers(long expected, long update) {
        return RECEIVERS.compareAndSet(this, expected, update);
    }

    final ChannelSegment lvReceiveSegment() {
        return receiveSegment;
    }

    final boolean casReceiveSegment(ChannelSegment expected, ChannelSegment update) {
        return RECEIVE_SEGMENT.compareAndSet(this, expected, update);
    }

    final void initReceiveSegment(ChannelSegment s) {
        receiveSegment = s;
    }

    private static final VarHandle RECEIVERS;
    private static final VarHandle RECEIVE_SEGMENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECEIVERS = l.findVarHandle(ReceiversField.class, "receivers", long.class);
            RECEIVE_SEGMENT = l.findVarHandle(ReceiversField.class, "receiveSegment", ChannelSegment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

abstract class ChannelPad2 extends ReceiversField {
    long p2_00;
    long p2_01;
    long p2_02;
    long p2_03;
    long p2_04;
    long p2_05;
    long p2_06;
    long p2_07;
    long p2_08;
    long p2_09;
    long p2_10;
    long p2_11;
    long p2_12;
    long p2_13;
    long p2_14;
    long p2_15;
    // Bytes fill the holes the field packer would otherwise hand to a later class's fields (see above).
    byte b2_0, b2_1, b2_2, b2_3, b2_4, b2_5, b2_6, b2_7;
}

abstract class BufferEndField extends ChannelPad2 {
    /** The logical end of the buffer: cells below it may hold buffered elements. */
    private volatile long bufferEnd;
    /** Finished buffer expansions in the low 62 bits; bit 62 asks expansions to pause. */
    private volatile long completedExpandBuffersAndPauseFlag;
    /** The segment of the last cell the buffer expansion worked on. */
    private volatile ChannelSegment bufferEndSegment;

    final long lvBufferEnd() {
        return bufferEnd;
    }

    final long gaiBufferEnd() {
        return (long) BUFFER_END.getAndAdd(this, 1L);
    }

    final boolean casBufferEnd(long expected, long update) {
        return BUFFER_END.compareAndSet(this, expected, update);
    }

    final void initBufferEnd(long value) {
        bufferEnd = value;
        completedExpandBuffersAndPauseFlag = value;
    }

    final long lvCompletedExpandBuffers() {
        return completedExpandBuffersAndPauseFlag;
    }

    final long aagCompletedExpandBuffers(long delta) {
        return (long) COMPLETED_EB.getAndAdd(this, delta) + delta;
    }

    final boolean casCompletedExpandBuffers(long expected, long update) {
        return COMPLETED_EB.compareAndSet(this, expected, update);
    }

    final ChannelSegment lvBufferEndSegment() {
        return bufferEndSegment;
    }

    final boolean casBufferEndSegment(ChannelSegment expected, ChannelSegment update) {
        return BUFFER_END_SEGMENT.compareAndSet(this, expected, update);
    }

    final void initBufferEndSegment(ChannelSegment s) {
        bufferEndSegment = s;
    }

    private static final VarHandle BUFFER_END;
    private static final VarHandle COMPLETED_EB;
    private static final VarHandle BUFFER_END_SEGMENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BUFFER_END = l.findVarHandle(BufferEndField.class, "bufferEnd", long.class);
            COMPLETED_EB = l.findVarHandle(BufferEndField.class, "completedExpandBuffersAndPauseFlag", long.class);
            BUFFER_END_SEGMENT = l.findVarHandle(BufferEndField.class, "bufferEndSegment", ChannelSegment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

abstract class ChannelPad3 extends BufferEndField {
    long p3_00;
    long p3_01;
    long p3_02;
    long p3_03;
    long p3_04;
    long p3_05;
    long p3_06;
    long p3_07;
    long p3_08;
    long p3_09;
    long p3_10;
    long p3_11;
    long p3_12;
    long p3_13;
    long p3_14;
    long p3_15;
    // Bytes fill the holes the field packer would otherwise hand to a later class's fields (see above).
    byte b3_0, b3_1, b3_2, b3_3, b3_4, b3_5, b3_6, b3_7;
}

/** The padded counters of a channel, extended by {@link BufferedChannel}; see the comment at the top of the file. */
abstract class ChannelCounters extends ChannelPad3 {
}
