package dev.patchbay.api.broker;

import org.osgi.annotation.versioning.ConsumerType;

/** A room member: usually one client connection of some protocol. */
@ConsumerType
public interface RoomSubscriber {

    /** Who this is, for listings and logs (a user id, a connection id). */
    String name();

    /**
     * Takes a message published into one of its rooms. Called on the publisher's thread, so it
     * must not block: queue the message for the connection and return.
     *
     * @return {@code false} if the member refused it (its outbound queue is full)
     */
    boolean deliver(RoomMessage message);

    /** Messages accepted by {@link #deliver} and not yet written out, for room depths. */
    default int pendingMessages() {
        return 0;
    }
}
