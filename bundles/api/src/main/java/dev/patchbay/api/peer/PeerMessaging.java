package dev.patchbay.api.peer;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A peer that sends messages to other peers by their identity. Messages for an identity that is
 * not connected wait in its queue (persistent ones in the node's store) until it connects or
 * their TTL runs out. Thread safe.
 *
 * <p>The node's snakeMQ peer is registered as this service (property
 * {@code patchbay.snakemq.identity}); its wire, listeners and connectors are configured in
 * {@code dev.patchbay.protocol.snakemq}.
 */
@ProviderType
public interface PeerMessaging {

    /** The identity this peer announces. */
    String identity();

    /**
     * Queues {@code message} for {@code destination}; it is sent as soon as that identity is
     * connected. A message with a TTL of zero for a destination not connected right now is
     * discarded, as snakeMQ does.
     *
     * @return completes when the message is queued, and for a persistent message once it is
     *         durably stored
     * @throws QueueFullException if the destination's queue holds its configured maximum
     */
    CompletionStage<Void> send(String destination, PeerMessage message);

    /**
     * Queues {@code message} here, as {@link #send} does without a {@link PeerRouter}: never
     * forwarded to another node. What a node's router calls for messages forwarded to it.
     */
    default CompletionStage<Void> sendHere(String destination, PeerMessage message) {
        return send(destination, message);
    }

    /** Adds a listener for connections, messages and drops; it stays across restarts of the peer. */
    void addListener(PeerListener listener);

    void removeListener(PeerListener listener);

    /** Identities connected now. */
    Set<String> connectedPeers();

    /** The connection to {@code identity}, or {@code null} if it is not connected. */
    PeerConnection connection(String identity);

    /** Messages waiting for {@code destination}. */
    int queued(String destination);

    /** Messages waiting, by destination identity (identities with a queue, connected or away). */
    Map<String, Integer> queueDepths();

    PeerStats stats();
}
