package dev.loomchan;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ChannelResult} on its own: the three outcomes, their accessors, equality and text. */
class ChannelResultTest {

    @Test
    void success() {
        ChannelResult<String> r = ChannelResult.success("x");
        assertTrue(r.isSuccess());
        assertFalse(r.isFailure());
        assertFalse(r.isClosed());
        assertEquals("x", r.getOrNull());
        assertEquals("x", r.getOrThrow());
        assertNull(r.exceptionOrNull());
        assertEquals("Value(x)", r.toString());
        assertEquals(ChannelResult.success("x"), r);
        assertEquals(ChannelResult.success("x").hashCode(), r.hashCode());
        assertNotEquals(ChannelResult.success("y"), r);
    }

    @Test
    void voidSuccess() {
        ChannelResult<Void> r = ChannelResult.success(null);
        assertTrue(r.isSuccess());
        assertFalse(r.isFailure());
        assertNull(r.getOrNull());
        assertNull(r.getOrThrow());
    }

    @Test
    void failure() {
        ChannelResult<String> r = ChannelResult.failure();
        assertFalse(r.isSuccess());
        assertTrue(r.isFailure());
        assertFalse(r.isClosed());
        assertNull(r.getOrNull());
        assertNull(r.exceptionOrNull());
        assertThrows(IllegalStateException.class, r::getOrThrow);
        assertEquals("Failed", r.toString());
        assertEquals(ChannelResult.failure(), r);
        assertNotEquals(ChannelResult.closed(null), r);
    }

    @Test
    void closedWithoutCause() {
        ChannelResult<String> r = ChannelResult.closed(null);
        assertFalse(r.isSuccess());
        assertTrue(r.isFailure());
        assertTrue(r.isClosed());
        assertNull(r.getOrNull());
        assertNull(r.exceptionOrNull());
        ClosedReceiveChannelException e = assertThrows(ClosedReceiveChannelException.class, r::getOrThrow);
        assertNull(e.getCause());
        assertEquals("Closed(null)", r.toString());
        assertEquals(ChannelResult.closed(null), r);
    }

    @Test
    void closedWithCause() {
        IllegalStateException cause = new IllegalStateException("boom");
        ChannelResult<String> r = ChannelResult.closed(cause);
        assertTrue(r.isClosed());
        assertTrue(r.isFailure());
        assertSame(cause, r.exceptionOrNull());
        assertSame(cause, assertThrows(ClosedReceiveChannelException.class, r::getOrThrow).getCause());
        assertEquals(ChannelResult.closed(cause), r);
        assertNotEquals(ChannelResult.closed(new IllegalStateException("boom")), r);
        assertTrue(r.toString().startsWith("Closed("), r.toString());
    }

    @Test
    void closedByCancellationRethrowsIt() {
        CancellationException ce = new CancellationException("cancelled");
        ChannelResult<String> r = ChannelResult.closed(ce);
        assertSame(ce, assertThrows(CancellationException.class, r::getOrThrow));
    }
}
