package dev.patchbay.nucos;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks by event, by room and by room and event, called in nucosMQ's order: the room's
 * callbacks for every event, then the room's for this event, then those for every event, then
 * those for this event. A failing callback is logged and the others still run.
 */
final class Callbacks {

    private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);
    private static final String ANY = "\u0000any";

    /** Key: room (or ANY) + NUL + event (or ANY). */
    private final Map<String, List<NucosCallback>> callbacks = new ConcurrentHashMap<>();

    /**
     * @param room  a room, {@code ""} for messages without one, or {@code null} for any
     * @param event an event name, or {@code null} for any
     * @return removes the callback when closed
     */
    AutoCloseable add(String room, String event, NucosCallback callback) {
        String key = key(room == null ? ANY : room, event == null ? ANY : event);
        callbacks.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(callback);
        return () -> {
            List<NucosCallback> list = callbacks.get(key);
            if (list != null) {
                list.remove(callback);
            }
        };
    }

    void dispatch(NucosMessage message) {
        if (callbacks.isEmpty()) {
            return;
        }
        call(key(message.room(), ANY), message);
        call(key(message.room(), message.event()), message);
        call(key(ANY, ANY), message);
        call(key(ANY, message.event()), message);
    }

    private void call(String key, NucosMessage message) {
        List<NucosCallback> list = callbacks.get(key);
        if (list == null) {
            return;
        }
        for (NucosCallback callback : list) {
            try {
                callback.on(message);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("nucos callback {} failed on event '{}'", callback, message.event(), e);
            }
        }
    }

    private static String key(String room, String event) {
        return room + '\u0000' + event;
    }
}
