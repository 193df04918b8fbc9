package dev.patchbay.nucos.osgi;

import dev.patchbay.nucos.NucosCallback;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NucosCallback} services a component hands to its server or link: kept while the
 * component has nothing to hand them to yet, registered when it does, withdrawn as they go.
 */
final class CallbackWhiteboard {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackWhiteboard.class);

    private final Map<NucosCallback, Map<String, Object>> callbacks = new LinkedHashMap<>();
    private final Map<NucosCallback, AutoCloseable> registered = new LinkedHashMap<>();
    /** Registers one callback with its service properties; {@code null} return: not for this target. */
    private BiFunction<NucosCallback, Map<String, Object>, AutoCloseable> target;

    synchronized void add(NucosCallback callback, Map<String, Object> properties) {
        callbacks.put(callback, properties);
        if (target != null) {
            register(callback, properties);
        }
    }

    synchronized void remove(NucosCallback callback) {
        callbacks.remove(callback);
        AutoCloseable registration = registered.remove(callback);
        if (registration != null) {
            closeQuietly(registration);
        }
    }

    /** Registers every callback known, and those that come later, with {@code register}. */
    synchronized void attach(BiFunction<NucosCallback, Map<String, Object>, AutoCloseable> register) {
        target = register;
        callbacks.forEach(this::register);
    }

    /** Withdraws every registration (the server or link is going away). */
    synchronized void detach() {
        target = null;
        registered.values().forEach(CallbackWhiteboard::closeQuietly);
        registered.clear();
    }

    private void register(NucosCallback callback, Map<String, Object> properties) {
        AutoCloseable registration = target.apply(callback, properties);
        if (registration != null) {
            registered.put(callback, registration);
        }
    }

    private static void closeQuietly(AutoCloseable registration) {
        try {
            registration.close();
        } catch (Exception e) {
            LOG.debug("removing a callback failed", e);
        }
    }
}
