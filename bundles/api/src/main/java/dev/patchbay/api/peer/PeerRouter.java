package dev.patchbay.api.peer;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where identities are connected across the nodes of a deployment, and a way to hand a message to
 * the node an identity is connected to. The node's peer tells it which identities are connected
 * here; when it is asked to send to an identity connected elsewhere, it forwards the message there
 * instead of queuing it for an identity that may never connect here. Register one as a service to
 * join a deployment (cluster-nats); without one, a peer reaches the identities connected to it.
 */
@ConsumerType
public interface PeerRouter {

    /** The identities connected to this node now (called on every change). Must not block. */
    void connectedHere(Set<String> identities);

    /** The node {@code identity} is connected to, if another node announced it; {@code null} if none. */
    String nodeOf(String identity);

    /**
     * Hands {@code message} to {@code node}, whose peer queues it for {@code destination} there
     * ({@link PeerMessaging#sendHere}).
     *
     * @return completes once that node has queued it (stored, if persistent); fails if it did not
     */
    CompletionStage<Void> forward(String node, String destination, PeerMessage message);
}
