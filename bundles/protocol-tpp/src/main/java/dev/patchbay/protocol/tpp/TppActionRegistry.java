package dev.patchbay.protocol.tpp;

import dev.patchbay.api.tpp.TppActionHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Action name -> handler, fed by the OSGi whiteboard. When two handlers claim one action, the
 * first one keeps it and the second waits as a stand-in until the first goes away.
 */
public final class TppActionRegistry {

    /** A handler and whether it may block (then it runs on a worker thread). */
    public record Registration(TppActionHandler handler, boolean blocking) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TppActionRegistry.class);

    private final Map<String, List<Registration>> handlers = new ConcurrentHashMap<>();

    /** Adds a handler that may block. */
    public void add(String action, TppActionHandler handler) {
        add(action, handler, true);
    }

    public void add(String action, TppActionHandler handler, boolean blocking) {
        List<Registration> forAction = handlers.computeIfAbsent(action, a -> new CopyOnWriteArrayList<>());
        forAction.add(new Registration(handler, blocking));
        if (forAction.size() > 1) {
            LOG.warn("TPP action '{}' has {} handlers; the first registered one serves it", action, forAction.size());
        }
    }

    public void remove(String action, TppActionHandler handler) {
        handlers.computeIfPresent(action, (a, forAction) -> {
            forAction.removeIf(registration -> registration.handler() == handler);
            return forAction.isEmpty() ? null : forAction;
        });
    }

    /** The registration serving an action, or {@code null}. */
    public Registration lookup(String action) {
        List<Registration> forAction = handlers.get(action);
        if (forAction == null) {
            return null;
        }
        try {
            return forAction.get(0);
        } catch (IndexOutOfBoundsException removedMeanwhile) {
            return null;
        }
    }

    public Set<String> actions() {
        return Set.copyOf(handlers.keySet());
    }
}
