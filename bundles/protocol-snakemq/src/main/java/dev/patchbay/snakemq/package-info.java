/**
 * The snakeMQ peer as a library: a {@link dev.patchbay.snakemq.SnakeMqPeer} has an identity,
 * listens and connects, queues {@link dev.patchbay.api.peer.PeerMessage}s per destination identity
 * until that peer is connected, and reports connections, messages and TTL drops to
 * {@link dev.patchbay.api.peer.PeerListener}s. For programs (and tests) that run a peer of their
 * own; bundles use the node's peer through {@link dev.patchbay.api.peer.PeerMessaging}.
 *
 * <p>2.0.0: the message, listener and connection types moved to {@code dev.patchbay.api.peer}.
 * 2.1.0: routing across nodes ({@code setRouter}, {@code sendHere}).
 */
@Version("2.1.0")
@Export
package dev.patchbay.snakemq;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
