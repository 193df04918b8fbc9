/**
 * The snakeMQ peer API: a {@link dev.patchbay.snakemq.SnakeMqPeer} has an identity, listens and
 * connects, queues {@link dev.patchbay.snakemq.PeerMessage}s per destination identity until that
 * peer is connected, and reports connections, messages and TTL drops to
 * {@link dev.patchbay.snakemq.PeerListener}s. Works in plain Java and, registered by this
 * bundle's component, as an OSGi service.
 */
@Version("1.0.0")
@Export
package dev.patchbay.snakemq;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
