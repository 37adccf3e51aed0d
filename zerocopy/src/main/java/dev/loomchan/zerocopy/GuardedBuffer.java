package dev.loomchan.zerocopy;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@link MutableDirectBuffer} view a {@link Descriptor} hands out: every method first checks that the calling
 * thread owns the descriptor ({@link Descriptor#checkAccess()}, one acquire read of a field), then forwards to an
 * {@link UnsafeBuffer} over the descriptor's slot. So a view kept past a send or a release fails on its next use, with
 * the exception that names the slot and its owner, however it was kept; it never reads or writes bytes that belong to
 * someone else. The view cannot be re-pointed: {@code wrap} is refused.
 *
 * <p>The forwarding methods were written by a small reflection script over {@code MutableDirectBuffer} (one per
 * interface method, default methods included); {@code GuardedBufferTest} fails if a method of the interface is not
 * overridden here or does not check ownership. {@code toString}, {@code equals} and {@code hashCode} are
 * {@code Object}'s: identity, and no check, so that debuggers and collections can look at a dead view.
 */
final class GuardedBuffer implements MutableDirectBuffer {
    private final Descriptor owner;
    private final UnsafeBuffer slot;

    GuardedBuffer(Descriptor owner, UnsafeBuffer slot) {
        this.owner = owner;
        this.slot = slot;
    }

    private static UnsupportedOperationException rewrapRefused() {
        return new UnsupportedOperationException("a descriptor's buffer always covers its own slot: wrap is refused");
    }

    @Override
    public String toString() {
        return "GuardedBuffer{slot " + owner.slot() + " of pool '" + owner.pool().name() + "', capacity "
                + slot.capacity() + "}";
    }

    @Override
    public long addressOffset() {
        owner.checkAccess();
        return slot.addressOffset();
    }

    @Override
    public void boundsCheck(int index, int length) {
        owner.checkAccess();
        slot.boundsCheck(index, length);
    }

    @Override
    public byte[] byteArray() {
        owner.checkAccess();
        return slot.byteArray();
    }

    @Override
    public ByteBuffer byteBuffer() {
        owner.checkAccess();
        return slot.byteBuffer();
    }

    @Override
    public int capacity() {
        owner.checkAccess();
        return slot.capacity();
    }

    @Override
    public void checkLimit(int limit) {
        owner.checkAccess();
        slot.checkLimit(limit);
    }

    @Override
    public int compareTo(DirectBuffer that) {
        owner.checkAccess();
        return slot.compareTo(that);
    }

    @Override
    public byte getByte(int index) {
        owner.checkAccess();
        return slot.getByte(index);
    }

    @Override
    public void getBytes(int index, byte[] dst) {
        owner.checkAccess();
        slot.getBytes(index, dst);
    }

    @Override
    public void getBytes(int index, byte[] dst, int offset, int length) {
        owner.checkAccess();
        slot.getBytes(index, dst, offset, length);
    }

    @Override
    public void getBytes(int index, ByteBuffer dstBuffer, int length) {
        owner.checkAccess();
        slot.getBytes(index, dstBuffer, length);
    }

    @Override
    public void getBytes(int index, ByteBuffer dstBuffer, int bufferIndex, int length) {
        owner.checkAccess();
        slot.getBytes(index, dstBuffer, bufferIndex, length);
    }

    @Override
    public void getBytes(int index, MutableDirectBuffer dstBuffer, int bufferIndex, int length) {
        owner.checkAccess();
        slot.getBytes(index, dstBuffer, bufferIndex, length);
    }

    @Override
    public char getChar(int index) {
        owner.checkAccess();
        return slot.getChar(index);
    }

    @Override
    public char getChar(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getChar(index, byteOrder);
    }

    @Override
    public double getDouble(int index) {
        owner.checkAccess();
        return slot.getDouble(index);
    }

    @Override
    public double getDouble(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getDouble(index, byteOrder);
    }

    @Override
    public float getFloat(int index) {
        owner.checkAccess();
        return slot.getFloat(index);
    }

    @Override
    public float getFloat(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getFloat(index, byteOrder);
    }

    @Override
    public int getInt(int index) {
        owner.checkAccess();
        return slot.getInt(index);
    }

    @Override
    public int getInt(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getInt(index, byteOrder);
    }

    @Override
    public long getLong(int index) {
        owner.checkAccess();
        return slot.getLong(index);
    }

    @Override
    public long getLong(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getLong(index, byteOrder);
    }

    @Override
    public short getShort(int index) {
        owner.checkAccess();
        return slot.getShort(index);
    }

    @Override
    public short getShort(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getShort(index, byteOrder);
    }

    @Override
    public String getStringAscii(int index) {
        owner.checkAccess();
        return slot.getStringAscii(index);
    }

    @Override
    public int getStringAscii(int index, Appendable appendable) {
        owner.checkAccess();
        return slot.getStringAscii(index, appendable);
    }

    @Override
    public int getStringAscii(int index, Appendable appendable, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getStringAscii(index, appendable, byteOrder);
    }

    @Override
    public String getStringAscii(int index, int length) {
        owner.checkAccess();
        return slot.getStringAscii(index, length);
    }

    @Override
    public int getStringAscii(int index, int maxLength, Appendable appendable) {
        owner.checkAccess();
        return slot.getStringAscii(index, maxLength, appendable);
    }

    @Override
    public String getStringAscii(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getStringAscii(index, byteOrder);
    }

    @Override
    public String getStringUtf8(int index) {
        owner.checkAccess();
        return slot.getStringUtf8(index);
    }

    @Override
    public String getStringUtf8(int index, int length) {
        owner.checkAccess();
        return slot.getStringUtf8(index, length);
    }

    @Override
    public String getStringUtf8(int index, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.getStringUtf8(index, byteOrder);
    }

    @Override
    public String getStringWithoutLengthAscii(int index, int length) {
        owner.checkAccess();
        return slot.getStringWithoutLengthAscii(index, length);
    }

    @Override
    public int getStringWithoutLengthAscii(int index, int maxLength, Appendable appendable) {
        owner.checkAccess();
        return slot.getStringWithoutLengthAscii(index, maxLength, appendable);
    }

    @Override
    public String getStringWithoutLengthUtf8(int index, int length) {
        owner.checkAccess();
        return slot.getStringWithoutLengthUtf8(index, length);
    }

    @Override
    public boolean isExpandable() {
        owner.checkAccess();
        return slot.isExpandable();
    }

    @Override
    public int parseIntAscii(int index, int length) {
        owner.checkAccess();
        return slot.parseIntAscii(index, length);
    }

    @Override
    public long parseLongAscii(int index, int length) {
        owner.checkAccess();
        return slot.parseLongAscii(index, length);
    }

    @Override
    public int parseNaturalIntAscii(int index, int length) {
        owner.checkAccess();
        return slot.parseNaturalIntAscii(index, length);
    }

    @Override
    public long parseNaturalLongAscii(int index, int length) {
        owner.checkAccess();
        return slot.parseNaturalLongAscii(index, length);
    }

    @Override
    public void putByte(int index, byte value) {
        owner.checkAccess();
        slot.putByte(index, value);
    }

    @Override
    public void putBytes(int index, byte[] src) {
        owner.checkAccess();
        slot.putBytes(index, src);
    }

    @Override
    public void putBytes(int index, byte[] src, int offset, int length) {
        owner.checkAccess();
        slot.putBytes(index, src, offset, length);
    }

    @Override
    public void putBytes(int index, ByteBuffer srcBuffer, int length) {
        owner.checkAccess();
        slot.putBytes(index, srcBuffer, length);
    }

    @Override
    public void putBytes(int index, ByteBuffer srcBuffer, int bufferIndex, int length) {
        owner.checkAccess();
        slot.putBytes(index, srcBuffer, bufferIndex, length);
    }

    @Override
    public void putBytes(int index, DirectBuffer srcBuffer, int bufferIndex, int length) {
        owner.checkAccess();
        slot.putBytes(index, srcBuffer, bufferIndex, length);
    }

    @Override
    public void putChar(int index, char value) {
        owner.checkAccess();
        slot.putChar(index, value);
    }

    @Override
    public void putChar(int index, char value, ByteOrder byteOrder) {
        owner.checkAccess();
        slot.putChar(index, value, byteOrder);
    }

    @Override
    public void putDouble(int index, double value) {
        owner.checkAccess();
        slot.putDouble(index, value);
    }

    @Override
    public void putDouble(int index, double value, ByteOrder byteOrder) {
        owner.checkAccess();
        slot.putDouble(index, value, byteOrder);
    }

    @Override
    public void putFloat(int index, float value) {
        owner.checkAccess();
        slot.putFloat(index, value);
    }

    @Override
    public void putFloat(int index, float value, ByteOrder byteOrder) {
        owner.checkAccess();
        slot.putFloat(index, value, byteOrder);
    }

    @Override
    public void putInt(int index, int value) {
        owner.checkAccess();
        slot.putInt(index, value);
    }

    @Override
    public void putInt(int index, int value, ByteOrder byteOrder) {
        owner.checkAccess();
        slot.putInt(index, value, byteOrder);
    }

    @Override
    public int putIntAscii(int index, int value) {
        owner.checkAccess();
        return slot.putIntAscii(index, value);
    }

    @Override
    public void putLong(int index, long value) {
        owner.checkAccess();
        slot.putLong(index, value);
    }

    @Override
    public void putLong(int index, long value, ByteOrder byteOrder) {
        owner.checkAccess();
        slot.putLong(index, value, byteOrder);
    }

    @Override
    public int putLongAscii(int index, long value) {
        owner.checkAccess();
        return slot.putLongAscii(index, value);
    }

    @Override
    public int putNaturalIntAscii(int index, int value) {
        owner.checkAccess();
        return slot.putNaturalIntAscii(index, value);
    }

    @Override
    public int putNaturalIntAsciiFromEnd(int index, int value) {
        owner.checkAccess();
        return slot.putNaturalIntAsciiFromEnd(index, value);
    }

    @Override
    public int putNaturalLongAscii(int index, long value) {
        owner.checkAccess();
        return slot.putNaturalLongAscii(index, value);
    }

    @Override
    public void putNaturalPaddedIntAscii(int offset, int length, int value) throws NumberFormatException {
        owner.checkAccess();
        slot.putNaturalPaddedIntAscii(offset, length, value);
    }

    @Override
    public void putShort(int index, short value) {
        owner.checkAccess();
        slot.putShort(index, value);
    }

    @Override
    public void putShort(int index, short value, ByteOrder byteOrder) {
        owner.checkAccess();
        slot.putShort(index, value, byteOrder);
    }

    @Override
    public int putStringAscii(int index, CharSequence value) {
        owner.checkAccess();
        return slot.putStringAscii(index, value);
    }

    @Override
    public int putStringAscii(int index, CharSequence value, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.putStringAscii(index, value, byteOrder);
    }

    @Override
    public int putStringAscii(int index, String value) {
        owner.checkAccess();
        return slot.putStringAscii(index, value);
    }

    @Override
    public int putStringAscii(int index, String value, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.putStringAscii(index, value, byteOrder);
    }

    @Override
    public int putStringUtf8(int index, String value) {
        owner.checkAccess();
        return slot.putStringUtf8(index, value);
    }

    @Override
    public int putStringUtf8(int index, String value, int maxLength) {
        owner.checkAccess();
        return slot.putStringUtf8(index, value, maxLength);
    }

    @Override
    public int putStringUtf8(int index, String value, ByteOrder byteOrder) {
        owner.checkAccess();
        return slot.putStringUtf8(index, value, byteOrder);
    }

    @Override
    public int putStringUtf8(int index, String value, ByteOrder byteOrder, int maxLength) {
        owner.checkAccess();
        return slot.putStringUtf8(index, value, byteOrder, maxLength);
    }

    @Override
    public int putStringWithoutLengthAscii(int index, CharSequence value) {
        owner.checkAccess();
        return slot.putStringWithoutLengthAscii(index, value);
    }

    @Override
    public int putStringWithoutLengthAscii(int index, CharSequence value, int offset, int maxLength) {
        owner.checkAccess();
        return slot.putStringWithoutLengthAscii(index, value, offset, maxLength);
    }

    @Override
    public int putStringWithoutLengthAscii(int index, String value) {
        owner.checkAccess();
        return slot.putStringWithoutLengthAscii(index, value);
    }

    @Override
    public int putStringWithoutLengthAscii(int index, String value, int offset, int maxLength) {
        owner.checkAccess();
        return slot.putStringWithoutLengthAscii(index, value, offset, maxLength);
    }

    @Override
    public int putStringWithoutLengthUtf8(int index, String value) {
        owner.checkAccess();
        return slot.putStringWithoutLengthUtf8(index, value);
    }

    @Override
    public void setMemory(int index, int length, byte value) {
        owner.checkAccess();
        slot.setMemory(index, length, value);
    }

    @Override
    public void wrap(byte[] src) {
        throw rewrapRefused();
    }

    @Override
    public void wrap(byte[] src, int offset, int length) {
        throw rewrapRefused();
    }

    @Override
    public void wrap(ByteBuffer srcBuffer) {
        throw rewrapRefused();
    }

    @Override
    public void wrap(ByteBuffer srcBuffer, int offset, int length) {
        throw rewrapRefused();
    }

    @Override
    public void wrap(long address, int length) {
        throw rewrapRefused();
    }

    @Override
    public void wrap(DirectBuffer srcBuffer) {
        throw rewrapRefused();
    }

    @Override
    public void wrap(DirectBuffer srcBuffer, int offset, int length) {
        throw rewrapRefused();
    }

    @Override
    public int wrapAdjustment() {
        owner.checkAccess();
        return slot.wrapAdjustment();
    }
}
