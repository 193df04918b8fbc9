package dev.patchbay.nucos;

/**
 * Receives messages. Runs on the connection's I/O thread: return quickly and hand long work to
 * an executor. An exception is logged and does not affect the connection or other callbacks.
 *
 * <p>Inside OSGi, register implementations as services on the node's server with the optional
 * properties {@link #EVENT_PROPERTY} and {@link #ROOM_PROPERTY} (neither: every event); with
 * {@link #LINK_PROPERTY} a callback receives what the peer of that node link sends instead.
 */
@FunctionalInterface
public interface NucosCallback {

    /** Service property: only messages with this event name. */
    String EVENT_PROPERTY = "patchbay.nucos.event";
    /** Service property: only messages published into this room. */
    String ROOM_PROPERTY = "patchbay.nucos.room";
    /** Service property: messages from the peer of the node's link with this name, not from the server's clients. */
    String LINK_PROPERTY = "patchbay.nucos.link";

    void on(NucosMessage message);
}
