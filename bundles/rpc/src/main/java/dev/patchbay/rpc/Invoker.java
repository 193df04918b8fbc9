package dev.patchbay.rpc;

import dev.patchbay.rpc.codec.PyException;
import dev.patchbay.rpc.codec.RpcReply;
import dev.patchbay.rpc.codec.RpcRequest;
import dev.patchbay.support.LogThrottle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a call: finds the public method of an exported object that the request's
 * name, positional and keyword arguments fit (as Python would bind them), runs it, and turns
 * the outcome into a reply, with Python's exception classes for what went wrong.
 */
final class Invoker {

    private static final Logger LOG = LoggerFactory.getLogger(SnakeMqRpc.class);

    /** A caller can make a method raise at will: at most one line every 10 s, the rest at debug. */
    private final LogThrottle raised = new LogThrottle(TimeUnit.SECONDS.toNanos(10));

    /** @param target the exported object named by the request, or {@code null} if there is none */
    RpcReply invoke(Object target, RpcRequest request, String caller) {
        byte[] reqId = request.reqId();
        if (target == null) {
            return RpcReply.raising(reqId, new PyException("snakemq.rpc", "NoInstanceError", request.object()), "");
        }
        List<Object> args = request.args();
        Map<String, Object> kwargs = request.kwargs();
        Method chosen = null;
        Object[] fitted = null;
        boolean namesMissing = false;
        for (Method method : target.getClass().getMethods()) {
            if (!method.getName().equals(request.method()) || method.getDeclaringClass() == Object.class
                    || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != args.size() + kwargs.size()) {
                continue;
            }
            List<Object> all = args;
            if (!kwargs.isEmpty()) {
                all = byName(method, args, kwargs);
                if (all == null) {
                    namesMissing |= !method.getParameters()[0].isNamePresent();
                    continue;
                }
            }
            Object[] candidate = fit(all, method.getParameterTypes());
            if (candidate != null) {
                chosen = method;
                fitted = candidate;
                break;
            }
        }
        if (chosen == null && !kwargs.isEmpty()) {
            return RpcReply.raising(reqId, new PyException("builtins", "TypeError", request.method() + "() got keyword arguments "
                    + kwargs.keySet() + " that match no parameters" + (namesMissing
                    ? " (its class was compiled without -parameters, so its parameters have no names)" : "")), "");
        }
        if (chosen == null) {
            return RpcReply.raising(reqId, new PyException("snakemq.rpc", "NoMethodError", request.method()), "");
        }
        try {
            chosen.trySetAccessible();
            Object result = chosen.invoke(target, fitted);
            return RpcReply.returning(reqId, result);
        } catch (InvocationTargetException e) {
            Throwable failure = e.getCause();
            // The caller gets a Python traceback; the Java one is kept here (a caller can make a
            // method raise at will, so at most one line every 10 s, the rest at debug).
            if (raised.occurred(System.nanoTime()) > 0) {
                LOG.info("{}.{} called by {} raised", request.object(), request.method(), caller, failure);
            } else {
                LOG.debug("{}.{} called by {} raised", request.object(), request.method(), caller, failure);
            }
            return RpcReply.raising(reqId, PythonExceptions.of(failure), PythonExceptions.traceback(failure));
        } catch (IllegalAccessException | RuntimeException e) {
            return RpcReply.raising(reqId, new PyException("builtins", "RuntimeError", e.toString()), PythonExceptions.traceback(e));
        }
    }

    /**
     * The arguments in parameter order: positional ones first, then the keyword ones by
     * parameter name, or {@code null} if the names do not fit exactly (Python's rule: every
     * remaining parameter named once, no unknown names).
     */
    private static List<Object> byName(Method method, List<Object> args, Map<String, Object> kwargs) {
        Parameter[] parameters = method.getParameters();
        List<Object> all = new ArrayList<>(args);
        for (int i = args.size(); i < parameters.length; i++) {
            if (!parameters[i].isNamePresent() || !kwargs.containsKey(parameters[i].getName())) {
                return null;
            }
            all.add(kwargs.get(parameters[i].getName()));
        }
        return all;
    }

    private static Object[] fit(List<Object> args, Class<?>[] types) {
        Object[] fitted = new Object[args.size()];
        for (int i = 0; i < fitted.length; i++) {
            fitted[i] = Coercion.fit(args.get(i), types[i]);
            if (fitted[i] == Coercion.MISMATCH) {
                return null;
            }
        }
        return fitted;
    }
}
