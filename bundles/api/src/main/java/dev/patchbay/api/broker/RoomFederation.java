package dev.patchbay.api.broker;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Carries room messages between the nodes of a deployment, so that a room is one room across
 * them. The node's {@link Broker} hands it every message published on this node, after the local
 * members have it; the federation hands messages published on other nodes to
 * {@link Broker#publishFromRemote}, which gives them to the local members only. Register one as a
 * service to join a deployment; without one, rooms are the node's own.
 */
@ConsumerType
public interface RoomFederation {

    /** A message published on this node. Called on the publisher's thread: must not block. */
    void published(RoomMessage message);
}
