package dev.patchbay.rpc.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Pickler;
import net.razorvine.pickle.PythonException;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * Pickle in and out, as snakeMQ's RPC needs it, on top of razorvine's pickle: reads protocols
 * 0-5; writes protocol 2 with {@link PyBytes} as real {@code bytes} and {@link PyException} as
 * an importable Python exception; a class the reader does not know (a Python application's own
 * exception, say) becomes a {@link PythonException} naming it instead of failing the whole
 * message.
 */
public final class Pickles {

    private static final Method LOAD_GLOBAL_SUB;

    static {
        Pickler.registerCustomPickler(PyBytes.class, (value, out, pickler) -> writeBytes(((PyBytes) value).value(), out));
        Pickler.registerCustomPickler(PyException.class, Pickles::writeException);
        try {
            // razorvine resolves a global (module.name) in a package-private method; we call it
            // for everything it knows and fall back for the rest.
            LOAD_GLOBAL_SUB = Unpickler.class.getDeclaredMethod("load_global_sub", String.class, String.class);
            LOAD_GLOBAL_SUB.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Pickles() {
    }

    public static byte[] dumps(Object value) {
        try {
            return new Pickler(false).dumps(value);
        } catch (IOException | PickleException e) {
            throw new IllegalArgumentException("cannot pickle " + value + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a pickle within {@link PickleLimits#DEFAULT}.
     *
     * @throws IllegalArgumentException if the bytes are not a pickle this reader understands, or
     *                                  cost more than the limits allow
     */
    public static Object loads(byte[] pickle) {
        return loads(pickle, PickleLimits.DEFAULT);
    }

    /** As {@link #loads(byte[])}, within {@code limits}. */
    public static Object loads(byte[] pickle, PickleLimits limits) {
        TolerantUnpickler unpickler = new TolerantUnpickler(limits);
        Object result;
        try {
            result = unpickler.loads(pickle);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("not a readable pickle: " + e.getMessage(), e);
        } finally {
            unpickler.close();
        }
        ObjectGraphBudget.check(result, limits.maxNodes(), limits.maxDepth());
        return result;
    }

    private static void writeBytes(byte[] bytes, OutputStream out) throws IOException {
        if (bytes.length < 256) {
            out.write(Opcodes.SHORT_BINBYTES);
            out.write(bytes.length);
        } else {
            out.write(Opcodes.BINBYTES);
            out.write(PickleUtils.integer_to_bytes(bytes.length));
        }
        out.write(bytes);
    }

    private static void writeException(Object value, OutputStream out, Pickler pickler) throws IOException {
        PyException exception = (PyException) value;
        out.write(Opcodes.GLOBAL);
        out.write((exception.module() + "\n" + exception.name() + "\n").getBytes(StandardCharsets.UTF_8));
        pickler.save(new Object[] {exception.message()});
        out.write(Opcodes.REDUCE);
    }

    /**
     * Resolves unknown classes to a stand-in instead of failing; counts opcodes and memo
     * references against the limits; refuses what Python cannot hash as a dict key or set
     * element (lists, dicts, sets: TypeError in Python) before razorvine hashes it, since a Java
     * collection's hash walks the whole graph below it.
     */
    private static final class TolerantUnpickler extends Unpickler {

        private final PickleLimits limits;
        private int opcodes;
        private int memoReferences;

        TolerantUnpickler(PickleLimits limits) {
            this.limits = limits;
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (++opcodes > limits.maxOpcodes()) {
                throw new PickleException("more than " + limits.maxOpcodes() + " opcodes");
            }
            refuseLengthsBeyondTheInput(key);
            switch (key) {
                case Opcodes.GET, Opcodes.BINGET, Opcodes.LONG_BINGET, Opcodes.DUP -> {
                    if (++memoReferences > limits.maxMemoReferences()) {
                        throw new PickleException("more than " + limits.maxMemoReferences() + " repeated references");
                    }
                }
                case Opcodes.SETITEM -> checkTopKey();
                case Opcodes.SETITEMS, Opcodes.DICT -> checkSinceMark(2);
                case Opcodes.ADDITEMS, Opcodes.FROZENSET -> checkSinceMark(1);
                case Opcodes.REDUCE, Opcodes.NEWOBJ -> checkSetConstruction();
                default -> {
                }
            }
            if (key == Opcodes.GLOBAL) {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                global(module, name);
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.STACK_GLOBAL) {
                String name = (String) stack.pop();
                String module = (String) stack.pop();
                global(module, name);
                return NO_RETURN_VALUE;
            }
            return super.dispatch(key);
        }

        /**
         * razorvine allocates whatever length an opcode announces before reading it; a 20-byte
         * pickle announcing 2 GB would exhaust the heap. The input is all in memory, so a
         * length beyond what is left is refused before anything is allocated.
         */
        private void refuseLengthsBeyondTheInput(short key) throws IOException {
            int lengthBytes = switch (key) {
                case Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.LONG4 -> 4;
                case Opcodes.BINBYTES8, Opcodes.BINUNICODE8, Opcodes.BYTEARRAY8, Opcodes.FRAME -> 8;
                default -> 0;
            };
            if (lengthBytes == 0) {
                return;
            }
            input.mark(lengthBytes);
            byte[] raw = input.readNBytes(lengthBytes);
            input.reset();
            if (raw.length < lengthBytes) {
                throw new PickleException("pickle ends inside a length");
            }
            long length = 0;
            for (int i = lengthBytes - 1; i >= 0; i--) {
                length = (length << 8) | (raw[i] & 0xff);
            }
            long left = input.available() - lengthBytes;
            if (key != Opcodes.FRAME && (length < 0 || length > left)) {
                throw new PickleException("opcode " + key + " announces " + length + " bytes, only " + left + " left");
            }
        }

        /** SETITEM: the stack ends with dict, key, value. */
        private void checkTopKey() {
            Object value = stack.pop();
            Object key = stack.pop();
            Hashability.require(key);
            stack.add(key);
            stack.add(value);
        }

        /**
         * Keys (every second item from the first) or elements (every item) since the mark. An
         * odd number of dict items is refused: razorvine pairs them from the end and then takes
         * the mark, and what lies below it, for keys.
         */
        private void checkSinceMark(int stride) {
            List<Object> items = stack.pop_all_since_marker();
            if (items.size() % stride != 0) {
                throw new PickleException("a dict built from " + items.size() + " items, not key-value pairs");
            }
            for (int i = 0; i < items.size(); i += stride) {
                Hashability.require(items.get(i));
            }
            stack.add_mark();
            items.forEach(stack::add);
        }

        /** REDUCE of {@code set(iterable)}: razorvine's set constructor hashes every element. */
        private void checkSetConstruction() {
            Object args = stack.pop();
            Object callable = stack.peek();
            if (callable == objectConstructors.get("builtins.set") || callable == objectConstructors.get("__builtin__.set")) {
                if (args instanceof Object[] tuple && tuple.length > 0 && tuple[0] instanceof Iterable<?> elements) {
                    elements.forEach(Hashability::require);
                }
            }
            stack.add(args);
        }

        private void global(String module, String name) {
            if (knows(module, name)) {
                try {
                    LOAD_GLOBAL_SUB.invoke(this, module, name);
                    return;
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof PickleException)) {
                        throw new PickleException(e.getCause().toString());
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            stack.add(new StandIn(module, name));
        }

        private static boolean knows(String module, String name) {
            return objectConstructors.containsKey(module + "." + name)
                    || module.equals("builtins") || module.equals("__builtin__") || module.equals("exceptions")
                    || module.equals("_codecs") || module.equals("copy_reg") || module.equals("copyreg")
                    || module.equals("collections") || module.equals("datetime") || module.equals("decimal")
                    || module.equals("array");
        }
    }

    /**
     * A class the reader has no constructor for: with arguments it is taken for an exception
     * (that is what RPC replies carry), without for a plain object's dictionary.
     */
    private record StandIn(String module, String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            if (args == null || args.length == 0) {
                return new ClassDict(module + "." + name, null);
            }
            // Bounded: the argument may be any object graph the peer made up.
            PythonException exception = new PythonException(args[0] == null ? "" : ObjectGraphBudget.describe(args[0], 1000));
            exception.pythonExceptionType = module + "." + name;
            return exception;
        }
    }
}
