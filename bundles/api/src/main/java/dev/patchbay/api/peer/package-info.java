/**
 * Messaging between peers by identity, as the node's snakeMQ peer offers it to other bundles: a
 * {@link dev.patchbay.api.peer.PeerMessaging} service sends {@link dev.patchbay.api.peer.PeerMessage}s
 * to identities (queued while they are away), and reports connections, messages and TTL drops
 * to {@link dev.patchbay.api.peer.PeerListener}s. Bundles such as RPC and the shell use this
 * package only, never the snakeMQ implementation.
 */
@Version("1.1.0")
@Export
package dev.patchbay.api.peer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
