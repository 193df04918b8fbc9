package dev.patchbay.rpc;

import dev.patchbay.rpc.codec.PyException;

/** How a Java failure reads to a Python caller: its exception class, and a traceback in Python's shape. */
final class PythonExceptions {

    private PythonExceptions() {
    }

    /** The Python exception class a Python caller can import that best says what happened. */
    static PyException of(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        String name;
        if (failure instanceof IllegalArgumentException) {
            name = "ValueError";
        } else if (failure instanceof UnsupportedOperationException) {
            name = "NotImplementedError";
        } else if (failure instanceof ArithmeticException) {
            name = "ZeroDivisionError";
        } else if (failure instanceof IndexOutOfBoundsException) {
            name = "IndexError";
        } else if (failure instanceof java.util.NoSuchElementException) {
            name = "KeyError";
        } else if (failure instanceof ClassCastException) {
            name = "TypeError";
        } else if (failure instanceof java.io.IOException || failure instanceof java.io.UncheckedIOException) {
            name = "OSError";
        } else if (failure instanceof java.util.concurrent.TimeoutException) {
            name = "TimeoutError";
        } else {
            name = "RuntimeError";
        }
        return new PyException("builtins", name, message);
    }

    /**
     * The traceback text a Python caller expects ({@code traceback.format_exc()}'s shape): the
     * frames of the method that raised, oldest first, down to the reflective call, then
     * {@code ValueError: boom}. The Java stack trace itself goes to the log.
     */
    static String traceback(Throwable failure) {
        StringBuilder text = new StringBuilder("Traceback (most recent call last):\n");
        StackTraceElement[] frames = failure.getStackTrace();
        int end = frames.length;
        for (int i = 0; i < frames.length; i++) {
            String type = frames[i].getClassName();
            if (type.startsWith("jdk.internal.reflect.") || type.startsWith("java.lang.reflect.")) {
                end = i;
                break;
            }
        }
        for (int i = end - 1; i >= 0; i--) {
            StackTraceElement frame = frames[i];
            text.append("  File \"").append(frame.getFileName() == null ? frame.getClassName() : frame.getFileName())
                    .append("\", line ").append(Math.max(0, frame.getLineNumber()))
                    .append(", in ").append(frame.getClassName()).append('.').append(frame.getMethodName()).append('\n');
        }
        PyException python = of(failure);
        return text.append(python.name()).append(": ").append(python.message()).append('\n').toString();
    }
}
