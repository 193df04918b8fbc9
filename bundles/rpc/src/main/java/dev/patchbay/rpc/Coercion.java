package dev.patchbay.rpc;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits a decoded value (what pickle or JSON produced: Integer, Long, BigInteger, Double, String,
 * Boolean, byte[], Object[] for tuples, List, Map, null) to a Java parameter or return type.
 */
final class Coercion {

    /** Marks a value that cannot be fitted. */
    static final Object MISMATCH = new Object();

    private Coercion() {
    }

    static Object fit(Object value, Class<?> type) {
        if (value == null) {
            return type.isPrimitive() ? MISMATCH : null;
        }
        Class<?> boxed = box(type);
        if (boxed.isInstance(value)) {
            return value;
        }
        if (value instanceof Number number) {
            if (boxed == Long.class) {
                return exactLong(number);
            }
            if (boxed == Integer.class) {
                Object asLong = exactLong(number);
                return asLong instanceof Long l && l == (int) (long) l ? (Object) (int) (long) l : MISMATCH;
            }
            if (boxed == Short.class) {
                Object asLong = exactLong(number);
                return asLong instanceof Long l && l == (short) (long) l ? (Object) (short) (long) l : MISMATCH;
            }
            if (boxed == Double.class) {
                return number.doubleValue();
            }
            if (boxed == Float.class) {
                return number.floatValue();
            }
            if (boxed == BigInteger.class) {
                return number instanceof BigInteger big ? big : BigInteger.valueOf(number.longValue());
            }
        }
        if (value instanceof Object[] tuple) {
            return fitSequence(Arrays.asList(tuple), type);
        }
        if (value instanceof List<?> list) {
            return fitSequence(list, type);
        }
        return MISMATCH;
    }

    private static Object fitSequence(List<?> items, Class<?> type) {
        if (type.isAssignableFrom(List.class) || type == Iterable.class || type == java.util.Collection.class) {
            return new ArrayList<>(items);
        }
        if (type.isArray()) {
            Object array = Array.newInstance(type.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Object item = fit(items.get(i), type.getComponentType());
                if (item == MISMATCH) {
                    return MISMATCH;
                }
                Array.set(array, i, item);
            }
            return array;
        }
        return MISMATCH;
    }

    private static Object exactLong(Number number) {
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : MISMATCH;
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : MISMATCH;
        }
        return number.longValue();
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        if (type == char.class) {
            return Character.class;
        }
        return Void.class;
    }
}
