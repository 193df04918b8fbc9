package dev.patchbay.api.peer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a peer's events. Called on the connection's I/O thread: return quickly and hand
 * long work to an executor. Inside OSGi, register an implementation as a service and the
 * node's peer calls it.
 */
@ConsumerType
public interface PeerListener {

    /** A peer identified itself; messages queued for it start flowing. */
    default void connected(PeerConnection connection) {
    }

    /** The connection to a peer ended; messages for it queue up again. */
    default void disconnected(PeerConnection connection) {
    }

    /**
     * A message arrived. With acknowledgements, the sender learns of the delivery only after
     * this returns, and a redelivered message that was already handed over is not handed over
     * again.
     */
    default void received(PeerConnection from, PeerMessage message) {
    }

    /** A queued message was dropped because its TTL ran out while {@code identity} was away. */
    default void dropped(String identity, PeerMessage message) {
    }
}
