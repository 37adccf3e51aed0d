package dev.loomchan.zerocopy;

import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The descriptor's buffer view guards every method of {@link MutableDirectBuffer}: each one is overridden in
 * {@link GuardedBuffer}, each one fails on a released descriptor, and {@code wrap} is always refused.
 */
class GuardedBufferTest {

    private static List<Method> interfaceMethods() {
        return Arrays.stream(MutableDirectBuffer.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .toList();
    }

    @Test
    void everyInterfaceMethodIsOverridden() {
        for (Method m : interfaceMethods()) {
            Method own = assertDoesNotThrow(() -> GuardedBuffer.class.getDeclaredMethod(m.getName(),
                    m.getParameterTypes()), m.toString());
            assertEquals(GuardedBuffer.class, own.getDeclaringClass());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyMethodFailsOnAReleasedDescriptor() {
        DescriptorPool pool = DescriptorPool.create(64, 1);
        Descriptor d = pool.tryAcquire();
        MutableDirectBuffer view = d.buffer();
        d.release();
        return interfaceMethods().stream().map(m -> dynamicTest(m.getName() + Arrays.toString(m.getParameterTypes()),
                () -> {
                    Throwable thrown = invoke(view, m);
                    if (m.getName().equals("wrap")) {
                        assertInstanceOf(UnsupportedOperationException.class, thrown);
                    } else {
                        DescriptorMisuseException e = assertInstanceOf(DescriptorMisuseException.class, thrown);
                        assertEquals(DescriptorMisuseException.Kind.ACCESS_AFTER_RELEASE, e.kind());
                    }
                }));
    }

    @Test
    void anOwnedViewReadsAndWritesTheSlot() {
        DescriptorPool pool = DescriptorPool.create(64, 1);
        Descriptor d = pool.tryAcquire();
        MutableDirectBuffer view = d.buffer();
        view.putStringAscii(0, "frame");
        view.putLong(32, 42L, ByteOrder.BIG_ENDIAN);
        assertEquals("frame", view.getStringAscii(0));
        assertEquals(42L, view.getLong(32, ByteOrder.BIG_ENDIAN));
        assertThrows(UnsupportedOperationException.class, () -> view.wrap(new byte[8]));
        d.release();
    }

    private static Throwable invoke(Object target, Method m) {
        Object[] args = Arrays.stream(m.getParameterTypes()).map(GuardedBufferTest::sample).toArray();
        try {
            m.invoke(target, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) return 0;
        if (type == long.class) return 0L;
        if (type == short.class) return (short) 0;
        if (type == byte.class) return (byte) 0;
        if (type == char.class) return 'a';
        if (type == float.class) return 0f;
        if (type == double.class) return 0d;
        if (type == byte[].class) return new byte[8];
        if (type == ByteOrder.class) return ByteOrder.LITTLE_ENDIAN;
        if (type == ByteBuffer.class) return ByteBuffer.allocate(8);
        if (type == String.class || type == CharSequence.class) return "x";
        if (type == Appendable.class) return new StringBuilder();
        if (type.isAssignableFrom(org.agrona.concurrent.UnsafeBuffer.class)) {
            return new org.agrona.concurrent.UnsafeBuffer(new byte[8]);
        }
        if (type == Object.class) return new org.agrona.concurrent.UnsafeBuffer(new byte[8]);
        throw new AssertionError("no sample for " + type);
    }
}
